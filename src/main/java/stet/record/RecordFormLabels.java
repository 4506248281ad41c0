package stet.record;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import stet.error.NotFoundException;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.web.FormLabels;

/**
 * The labels of a record form's fields, by the path it posts to: a record's
 * ({@code /records/{id}}, and its delete, revert, … forms) or a collection's new record
 * ({@code /collections/{slug}/new}): the collection's field labels, as it is defined now.
 */
public final class RecordFormLabels implements FormLabels {

    private static final Pattern RECORD = Pattern.compile("/records/(\\d{1,18})(/.*)?");
    private static final Pattern NEW_RECORD = Pattern.compile("/collections/([^/]+)/new");

    private final RecordService records;
    private final CollectionService collections;

    public RecordFormLabels(RecordService records, CollectionService collections) {
        this.records = records;
        this.collections = collections;
    }

    @Override
    public Map<String, String> of(String action) {
        Map<String, String> labels = new LinkedHashMap<>();
        try {
            collection(action).ifPresent(c -> c.fields().forEach(f -> labels.put(f.key(), f.label())));
        } catch (NotFoundException gone) {
            // Deleted for good, or renamed, since the form was shown: its values are called by their names.
        }
        return labels;
    }

    private Optional<Collection> collection(String action) {
        Matcher record = RECORD.matcher(action);
        if (record.matches()) {
            return collections.find(records.get(Long.parseLong(record.group(1))).collectionId());
        }
        Matcher created = NEW_RECORD.matcher(action);
        return created.matches() ? Optional.of(collections.get(created.group(1))) : Optional.empty();
    }
}
