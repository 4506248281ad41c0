package stet.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import stet.auth.Role;
import stet.auth.User;
import stet.schema.Collection;

/** The model of an import's page: its state, counts, the page of rows shown, and what the user may do next. */
final class ImportPreview {

    private ImportPreview() {}

    static Map<String, Object> model(ImportJob job, Collection collection, RowOutcome shown, int after, RowPage page,
            List<Map<String, Object>> rows, User me) {
        String base = "/imports/" + job.id();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("job", job);
        model.put("collection", collection);
        model.put("heading", "Import " + job.id() + " into " + collection.name());
        model.put("state", job.state().dbName());
        model.put("collectionHref", "/collections/" + collection.slug());
        List<Map<String, Object>> counts = new ArrayList<>();
        for (RowOutcome outcome : RowOutcome.values()) {
            counts.add(Map.of(
                    "outcome", outcome.dbName(),
                    "count", job.count(outcome),
                    "testid", "import-count-" + outcome.dbName(),
                    "href", base + "?outcome=" + outcome.dbName(),
                    "current", outcome == shown));
        }
        model.put("counts", counts);
        model.put("allHref", base);
        model.put("showingAll", shown == null);
        model.put("rows", rows);
        model.put("first", after == 0);
        model.put("firstHref", shown == null ? base : base + "?outcome=" + shown.dbName());
        model.put("nextHref", page.nextAfter() == null ? null
                : base + "?" + (shown == null ? "" : "outcome=" + shown.dbName() + "&") + "after=" + page.nextAfter());
        boolean mine = job.uploadedBy() == me.id() || me.role().grants(Role.ADMIN);
        int rejected = job.count(RowOutcome.INVALID) + job.conflicts();
        model.put("canApply", job.state() == ImportState.READY && mine);
        model.put("rejectedRows", rejected);
        model.put("applying", job.state() == ImportState.APPLYING);
        model.put("done", job.state() == ImportState.DONE);
        model.put("failed", job.state() == ImportState.FAILED);
        model.put("applied", job.applied());
        model.put("total", job.total());
        model.put("progressHref", base + "/progress");
        model.put("applyAction", base + "/apply");
        model.put("rejectedHref", base + "/rejected.csv");
        model.put("showRejected", rejected > 0 || job.state() == ImportState.DONE);
        model.put("canRevert", job.state() == ImportState.DONE && job.revertedAt() == null && me.role().grants(Role.ADMIN));
        model.put("revertAction", base + "/revert");
        model.put("reverted", job.revertedAt() != null);
        return model;
    }
}
