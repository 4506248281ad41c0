package stet.record;

/**
 * The words of a merge page. An editor's merge says Original, Theirs (with the other
 * editor's name) and Yours, and nothing else; an admin's undo or revert that crossed
 * later changes is the same page with its own heading and pane names, since there
 * "yours" is an older version, not something the admin typed.
 *
 * @param heading the page's heading
 * @param original the original pane's name
 * @param theirs the name of the saved version's pane (and of the choice that keeps it)
 * @param yours the name of the pane of the values being saved (and of the choice that keeps them)
 * @param yoursNote the line under the yours pane's name
 * @param theirsShort theirs in "Both, theirs first"
 * @param yoursShort yours in "Both, yours first"
 * @param result the result pane's name
 * @param save the save button's words
 * @param allYours the button that sets every conflict to yours
 * @param allTheirs the button that sets every conflict to theirs
 */
public record MergeWords(String heading, String original, String theirs, String yours, String yoursNote,
        String theirsShort, String yoursShort, String result, String save, String allYours, String allTheirs) {

    /**
     * The words for a page of {@code kind}.
     *
     * @param theirsName who saved the version merged with ("your other tab" when the user did)
     * @param sameUser whether the user saved that version themselves, in another tab
     * @param original the merge's original: for an undo, the version undone
     */
    static MergeWords of(Revision.Kind kind, boolean confirmOnly, boolean sameUser, String theirsName,
            Revision original) {
        String theirs = "Theirs (" + theirsName + ")";
        return switch (kind) {
            case UNDO -> new MergeWords(
                    "Undo version " + original.version() + " by " + author(original),
                    "Version " + original.version() + " (the change to undo)",
                    "Now (" + theirsName + ")",
                    "Before version " + original.version(),
                    "version " + (original.version() - 1) + ": what undoing brings back",
                    "now", "before", "What undoing would give", "Undo version " + original.version(),
                    "All as before version " + original.version(), "All as now");
            case REVERT -> new MergeWords(
                    "Revert: the record changed since you looked at version " + original.version(),
                    "When you looked",
                    "Now (" + theirsName + ")",
                    "Reverted",
                    "the values you revert to",
                    "now", "reverted", "What reverting would give", "Revert",
                    "All reverted", "All as now");
            default -> new MergeWords(
                    confirmOnly ? "Check the merged version before saving it"
                            : sameUser ? "You saved this record in another tab"
                            : theirsName + " saved this record while you were editing it",
                    "Original", theirs, "Yours", "what you submitted", "theirs", "yours", "Result",
                    confirmOnly ? "Save the merged version" : "Save my resolution",
                    "Keep all of yours", "Take all of theirs");
        };
    }

    private static String author(Revision revision) {
        return revision.authorName() == null ? "someone" : revision.authorName();
    }
}
