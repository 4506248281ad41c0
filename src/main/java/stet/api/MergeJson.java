package stet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import stet.auth.User;
import stet.merge.ConflictRegion;
import stet.merge.FieldMerge;
import stet.merge.LineRange;
import stet.merge.MergeHunk;
import stet.merge.Side;
import stet.record.MergeSummary;
import stet.record.SaveOutcome;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * What the API says about a merge: the summary of a clean one (who changed what since the
 * client's version), and the conflict document of one that needs the client's decision:
 * per field the original, theirs and yours, and for a long text the hunks with their lines.
 */
final class MergeJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private MergeJson() {}

    /** The {@code merge} member of a merged save's answer. */
    static ObjectNode summary(MergeSummary merge, Collection collection, User me) {
        ObjectNode json = NODES.objectNode();
        json.put("baseVersion", merge.baseVersion());
        ObjectNode with = json.putObject("mergedWith");
        with.put("version", merge.theirs().version());
        with.put("updatedBy", merge.theirs().updatedBy());
        with.put("updatedAt", merge.theirs().updatedAt() == null ? null : merge.theirs().updatedAt().toInstant().toString());
        ArrayNode fields = json.putArray("fields");
        for (FieldMerge f : merge.fields()) {
            ObjectNode field = fields.addObject();
            field.put("key", f.key());
            field.put("outcome", outcome(f.outcome()));
        }
        json.put("description", merge.describe(collection, me.id()));
        return json;
    }

    /**
     * The conflict document (409): the three versions whole, the merge's starting point,
     * and each field anyone changed with what the merge did to it.
     */
    static ObjectNode conflict(SaveOutcome.Conflict conflict, Collection collection, ObjectNode body) {
        ObjectNode original = body.putObject("original");
        original.put("version", conflict.original().version());
        original.set("values", RecordJson.values(collection, conflict.original().data()));
        body.set("theirs", RecordJson.record(conflict.theirs(), collection));
        body.putObject("yours").set("values", RecordJson.values(collection, conflict.yours()));
        body.putObject("merged").set("values", RecordJson.values(collection, conflict.merge().merged()));
        ArrayNode conflicts = body.putArray("conflicts");
        ArrayNode fields = body.putArray("fields");
        for (FieldMerge f : conflict.merge().fields()) {
            if (f.outcome() == FieldMerge.Outcome.UNCHANGED) {
                continue;
            }
            if (f.isConflict()) {
                conflicts.add(f.key());
            }
            fields.add(field(f, collection.field(f.key()).orElse(null)));
        }
        return body;
    }

    private static ObjectNode field(FieldMerge f, FieldDef def) {
        ObjectNode json = NODES.objectNode();
        json.put("key", f.key());
        json.put("label", def == null ? f.key() : def.label());
        json.put("type", def == null ? null : def.type().id());
        json.put("outcome", outcome(f.outcome()));
        json.put("reason", f.reason());
        json.set("original", typed(def, f.base()));
        json.set("theirs", typed(def, f.theirs()));
        json.set("yours", typed(def, f.yours()));
        json.set("merged", typed(def, f.merged()));
        f.lines().ifPresent(lines -> {
            ArrayNode hunks = json.putArray("hunks");
            for (MergeHunk h : lines.hunks()) {
                ObjectNode hunk = hunks.addObject();
                hunk.put("kind", h.kind().name().toLowerCase(Locale.ROOT));
                hunk.set("original", lines(h, Side.BASE));
                hunk.set("theirs", lines(h, Side.THEIRS));
                hunk.set("yours", lines(h, Side.YOURS));
            }
            if (!lines.regions().isEmpty()) {
                ArrayNode regions = json.putArray("regions");
                lines.regions().forEach(r -> regions.add(region(r)));
            }
        });
        return json;
    }

    /** A conflict as its whole region, with the texts of the merge page's choices and the suggestion. */
    private static ObjectNode region(ConflictRegion region) {
        ObjectNode json = NODES.objectNode();
        json.putArray("hunks").add(region.firstHunk()).add(region.endHunk());
        json.set("original", lines(region.range(Side.BASE), region.text(Side.BASE)));
        json.set("theirs", lines(region.range(Side.THEIRS), region.text(Side.THEIRS)));
        json.set("yours", lines(region.range(Side.YOURS), region.text(Side.YOURS)));
        json.put("both_yours_first", region.both(Side.YOURS));
        json.put("both_theirs_first", region.both(Side.THEIRS));
        json.put("words", region.words().orElse(null));
        region.suggestion().ifPresentOrElse(s -> {
            ObjectNode suggestion = json.putObject("suggestion");
            suggestion.put("reason", s.reason() == ConflictRegion.Reason.WORDS ? "words" : "both-inserted");
            suggestion.put("text", s.text());
        }, () -> json.putNull("suggestion"));
        return json;
    }

    /** A hunk's lines in one text: the first line's number (from 1), how many, and their text. */
    private static ObjectNode lines(MergeHunk hunk, Side side) {
        return lines(hunk.range(side), hunk.text(side));
    }

    private static ObjectNode lines(LineRange range, String text) {
        ObjectNode json = NODES.objectNode();
        json.put("line", range.start() + 1);
        json.put("count", range.count());
        json.put("text", text);
        return json;
    }

    private static JsonNode typed(FieldDef def, String value) {
        return def == null ? (value.isEmpty() ? NODES.nullNode() : NODES.textNode(value)) : RecordJson.value(def, value);
    }

    /** An outcome's name in the API: {@code theirs_only}, {@code conflict}, … */
    static String outcome(FieldMerge.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
