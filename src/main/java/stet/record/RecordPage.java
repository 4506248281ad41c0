package stet.record;

import java.util.HashMap;
import java.util.Map;
import stet.schema.Collection;
import stet.web.Format;

/**
 * The record page's model: every text and link the template prints, prepared here, so that
 * the template reads variables rather than calling methods through OGNL and building
 * {@code @{…}} links on every request (the template took half of the page's CPU).
 */
final class RecordPage {

    private static final Format FORMAT = new Format();

    private RecordPage() {}

    /**
     * The record page of {@code record}: {@code undoable} when its delete was the viewer's and
     * the latest change, {@code editor} the name of someone else editing it (or null).
     */
    static Map<String, Object> model(StoredRecord record, Collection collection, String versionToken, boolean undoable,
            String editor) {
        String id = Long.toString(record.id());
        String version = Integer.toString(record.version());
        String path = "/records/" + id;
        Map<String, Object> model = new HashMap<>();
        model.put("heading", collection.titleOf(record.id(), record.data()));
        model.put("values", FieldInputs.shown(collection, record));
        model.put("versionToken", versionToken);
        model.put("undoable", undoable);
        model.put("editor", editor);
        model.put("recordId", id);
        model.put("version", version);
        model.put("deleted", record.deleted());
        model.put("savedAt", FORMAT.time(record.updatedAt()));
        model.put("savedBy", record.updatedBy());
        model.put("collectionName", collection.name());
        model.put("collectionHref", "/collections/" + collection.slug());
        model.put("historyHref", path + "/history");
        model.put("editHref", path + "/edit");
        model.put("deleteAction", path + "/delete");
        model.put("deleteHref", path + "/delete?version=" + version);
        model.put("undoDeleteAction", path + "/undo-delete");
        return model;
    }
}
