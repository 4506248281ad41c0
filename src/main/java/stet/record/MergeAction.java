package stet.record;

import java.util.List;
import java.util.Map;
import stet.error.BadRequestException;

/**
 * What a button of the merge page asked for besides a preview: every conflict of one field, or
 * of the record, set to one side ({@code __all} = {@code yours}, {@code theirs},
 * {@code yours:KEY} or {@code theirs:KEY}); or each undecided conflict set to its
 * suggestion ({@code __accept_suggestions}).
 *
 * @param side "yours", "theirs", or null for none
 * @param field the field whose conflicts, or null for every field
 * @param acceptSuggestions whether the suggestions are to be taken
 */
record MergeAction(String side, String field, boolean acceptSuggestions) {
    static final MergeAction NONE = new MergeAction(null, null, false);

    static MergeAction of(Map<String, List<String>> posted) {
        boolean accept = MergePage.posted(posted, Resolution.ACCEPT_SUGGESTIONS).isPresent();
        String all = MergePage.posted(posted, Resolution.ALL).orElse("");
        int colon = all.indexOf(':');
        String side = colon < 0 ? all : all.substring(0, colon);
        if (all.isEmpty()) {
            return new MergeAction(null, null, accept);
        }
        if (!side.equals("yours") && !side.equals("theirs")) {
            throw new BadRequestException(Resolution.ALL + " must be yours, theirs, yours:FIELD or theirs:FIELD.");
        }
        return new MergeAction(side, colon < 0 ? null : all.substring(colon + 1), accept);
    }

    /** The side every conflict of {@code key} is set to, or null. */
    String sideFor(String key) {
        return side != null && (field == null || field.equals(key)) ? side : null;
    }
}
