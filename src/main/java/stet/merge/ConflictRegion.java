package stet.merge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One conflict as a person resolves it: the whole stretch of the three texts that the two sides'
 * overlapping changes replaced, before git's refinement narrowed it (what {@code git merge-file
 * --diff3} shows). Refinement decides the verdict and what merges on its own, and it stays the
 * engine's; but it moves the lines both sides share (a blank separator, a shared heading) out of
 * the conflict and may split one change into pieces, so that choosing "both" over the pieces
 * glues fragments together. Choices over the whole region do not.
 *
 * <p>A region covers one or more whole conflict hunks of the result and the hunks between them
 * ({@link #firstHunk()} to {@link #endHunk()}); its three ranges are exact (the base is the one
 * those changes replaced). A region always holds at least one conflict hunk.
 */
public final class ConflictRegion {

    /** Why a choice is suggested for a region. */
    public enum Reason {
        /** The sides changed different words: the clean word-level merge. */
        WORDS,
        /** Both sides only inserted lines at the same place: yours, then theirs. */
        BOTH_INSERTED
    }

    /**
     * A suggested resolution, never applied by the engine.
     *
     * @param reason why it is suggested
     * @param text what it puts in the region's place
     */
    public record Suggestion(Reason reason, String text) {
        public Suggestion {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(text, "text");
        }
    }

    private final LineRange base;
    private final LineRange yours;
    private final LineRange theirs;
    private final int firstHunk;
    private final int endHunk;
    private final Texts texts;
    // Computed on first use: most regions are never shown, and the word diff is not free.
    private volatile Optional<String> words;

    ConflictRegion(LineRange base, LineRange yours, LineRange theirs, int firstHunk, int endHunk, Texts texts) {
        this.base = base;
        this.yours = yours;
        this.theirs = theirs;
        this.firstHunk = firstHunk;
        this.endHunk = endHunk;
        this.texts = texts;
    }

    public LineRange range(Side side) {
        return switch (side) {
            case BASE -> base;
            case YOURS -> yours;
            case THEIRS -> theirs;
        };
    }

    /** The index in {@link LineMergeResult#hunks()} of the region's first hunk. */
    public int firstHunk() {
        return firstHunk;
    }

    /** The index in {@link LineMergeResult#hunks()} after the region's last hunk. */
    public int endHunk() {
        return endHunk;
    }

    /** The region's text in one version. */
    public String text(Side side) {
        return texts.join(side, range(side));
    }

    /** The region's lines in one version, each with its line ending. */
    public List<String> lines(Side side) {
        return texts.lines(side, range(side));
    }

    /** Whether both sides only inserted lines here: the original has none. */
    public boolean onlyInserted() {
        return base.isEmpty();
    }

    /**
     * Both sides' lines, {@code first}'s before the other's, without repeating the lines they
     * share (see {@link BothSides}).
     *
     * @param first {@link Side#YOURS} or {@link Side#THEIRS}
     */
    public String both(Side first) {
        if (first == Side.BASE) {
            throw new IllegalArgumentException("both sides are yours and theirs");
        }
        Side second = first == Side.YOURS ? Side.THEIRS : Side.YOURS;
        String[] around = texts.lines(Side.YOURS);
        String before = yours.start() > 0 ? around[yours.start() - 1] : null;
        String after = yours.end() < around.length ? around[yours.end()] : null;
        return BothSides.join(lines(first), lines(second), before, after);
    }

    /**
     * The clean word-level three-way merge of the region's three texts, if the sides' changes
     * do not touch at the word level; empty otherwise, and for regions over
     * {@value MergeHunk#SUGGESTION_TOKEN_LIMIT} tokens on a side.
     */
    public Optional<String> words() {
        Optional<String> w = words;
        if (w == null) {
            w = WordMerge.merge(text(Side.BASE), text(Side.YOURS), text(Side.THEIRS), MergeHunk.SUGGESTION_TOKEN_LIMIT);
            words = w;
        }
        return w;
    }

    /**
     * The engine's suggestion: the clean word merge where there is one; else, where both sides
     * only inserted, yours then theirs; else none.
     */
    public Optional<Suggestion> suggestion() {
        Optional<String> w = words();
        if (w.isPresent()) {
            return Optional.of(new Suggestion(Reason.WORDS, w.get()));
        }
        if (onlyInserted()) {
            return Optional.of(new Suggestion(Reason.BOTH_INSERTED, both(Side.YOURS)));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ConflictRegion[hunks " + firstHunk + ".." + endHunk + ", base " + base.start() + "+" + base.count()
                + ", yours " + yours.start() + "+" + yours.count() + ", theirs " + theirs.start() + "+"
                + theirs.count() + "]";
    }
}
