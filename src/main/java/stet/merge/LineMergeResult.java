package stet.merge;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link LineMerge}: the hunks that tile all three texts, how many of them
 * conflict, and the texts themselves. Immutable. Conflicts are data here, never exceptions; a
 * merge that reached its work budget is still a valid merge, flagged by
 * {@link #workBudgetReached()}.
 */
public final class LineMergeResult {

    private final Texts texts;
    private final List<MergeHunk> hunks;
    private final int conflicts;
    private final boolean workBudgetReached;
    private final List<ConflictRegion> regions;

    LineMergeResult(Texts texts, List<MergeHunk> hunks, int conflicts, boolean workBudgetReached,
            List<ConflictRegion> regions) {
        this.texts = texts;
        this.hunks = List.copyOf(hunks);
        this.conflicts = conflicts;
        this.workBudgetReached = workBudgetReached;
        this.regions = List.copyOf(regions);
    }

    public List<MergeHunk> hunks() {
        return hunks;
    }

    /**
     * The conflicts as a person resolves them: each whole overlapping region, before refinement
     * narrowed it (see {@link ConflictRegion}), in text order; empty when the merge is clean.
     * Every conflict hunk lies in exactly one region.
     */
    public List<ConflictRegion> regions() {
        return regions;
    }

    public boolean clean() {
        return conflicts == 0;
    }

    /** The number of conflict hunks (what {@code git merge-file} returns as its exit code). */
    public int conflictCount() {
        return conflicts;
    }

    /**
     * Whether the merge reached its work budget, so that some lines were aligned more coarsely
     * than git would: still a valid merge (nothing is lost or invented), but conflicts may be
     * larger or more numerous. The same texts always give the same answer.
     */
    public boolean workBudgetReached() {
        return workBudgetReached;
    }

    /** One of the inputs, as given. */
    public String text(Side side) {
        return texts.text(side);
    }

    /** One of the inputs split into lines, each with its line ending. */
    public List<String> lines(Side side) {
        return List.of(texts.lines(side));
    }

    Texts texts() {
        return texts;
    }

    /** The merged text, when the merge is clean; byte for byte what {@code git merge-file -p} prints. */
    public Optional<String> mergedText() {
        if (!clean()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (MergeHunk h : hunks) {
            appendMerged(sb, h);
        }
        return Optional.of(sb.toString());
    }

    /**
     * The best text to offer: the merged text when clean; otherwise the clean parts merged and
     * each conflict written out with diff3-style markers, yours first (see
     * {@link MergeFormatter#DEFAULT}), so that nothing from either side is lost and nothing
     * unresolved can pass for resolved.
     */
    public String proposal() {
        return mergedText().orElseGet(() -> MergeFormatter.DEFAULT.format(this));
    }

    static void appendMerged(StringBuilder sb, MergeHunk h) {
        h.appendTo(sb, h.kind() == MergeHunk.Kind.THEIRS ? Side.THEIRS : Side.YOURS);
    }

    @Override
    public String toString() {
        return "LineMergeResult[" + conflicts + " conflicts, " + hunks.size() + " hunks"
                + (workBudgetReached ? ", work budget reached" : "") + "]";
    }
}
