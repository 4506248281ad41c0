package stet.record;

import java.util.ArrayList;
import java.util.List;
import stet.merge.FieldMerge;
import stet.schema.Collection;

/**
 * What an automatic merge did, for the notice the user sees after it: whose version it
 * merged with, and field by field whose change was kept.
 *
 * @param theirs the saved version the user's change was merged with
 * @param baseVersion the version the user started from
 * @param fields the merge of each field anyone changed
 */
public record MergeSummary(StoredRecord theirs, int baseVersion, List<FieldMerge> fields) {

    /** "Merged with Bob's change (version 5): Bob changed Quantity; you changed Description." */
    public String describe(Collection collection, long userId) {
        boolean mine = theirs.updatedById() != null && theirs.updatedById() == userId;
        String who = mine ? "your own save from another tab" : (name() + "'s change");
        String them = mine ? "your other tab" : name();
        List<String> parts = new ArrayList<>();
        for (FieldMerge f : fields) {
            String label = collection.field(f.key()).map(d -> d.label()).orElse(f.key());
            switch (f.outcome()) {
                case THEIRS_ONLY -> parts.add(them + " changed " + label);
                case YOURS_ONLY -> parts.add("you changed " + label);
                case SAME_CHANGE -> parts.add("both made the same change to " + label);
                case MERGED_LINES -> parts.add("both changed " + label + ", in different lines: both kept");
                case DELTA_MERGED -> parts.add("both changed " + label + ": " + f.theirs() + " + (" + f.yours() + " − "
                        + f.base() + ") = " + f.merged());
                default -> { }
            }
        }
        return "Merged with " + who + " (version " + theirs.version() + ")" + (parts.isEmpty() ? "." : ": "
                + String.join("; ", parts) + ".");
    }

    private String name() {
        return theirs.updatedBy() == null ? "someone" : theirs.updatedBy();
    }
}
