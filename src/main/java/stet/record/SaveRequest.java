package stet.record;

import java.util.List;
import java.util.Map;

/**
 * A save as submitted, from an edit form or a merge page's form.
 *
 * @param id the record
 * @param version the version the form started from (on a merge page: theirs)
 * @param token the form's version token
 * @param form every posted field with its values
 * @param comment the author's comment, or null
 * @param mergeBase on a merge page's form, the original version of that merge; else null
 * @param mergeKind on a merge page's form, what saving it records (MERGE, REVERT or UNDO); else null
 */
public record SaveRequest(long id, int version, String token, Map<String, List<String>> form, String comment,
        Integer mergeBase, Revision.Kind mergeKind) {

    /** What saving this request records when it merges: a merge unless a merge page said otherwise. */
    Revision.Kind kindOfMerge() {
        return mergeKind == null ? Revision.Kind.MERGE : mergeKind;
    }
}
