package stet.merge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stretch of a line merge, seen in all three texts at once. The hunks of a result follow
 * each other without gaps or overlaps in each text: their base ranges tile the base, their
 * yours ranges tile yours, their theirs ranges tile theirs.
 *
 * <p>Fields:
 * <ul>
 *   <li>{@link #kind()}: what the merge did here (see {@link Kind});
 *   <li>{@link #base()}, {@link #yours()}, {@link #theirs()}: the lines of each text this hunk
 *       covers. Exact, with one exception: when git-style refinement narrowed an overlapping
 *       change to the few lines that really differ, git keeps no base for the pieces, so the
 *       base range of each piece (and of the common lines between pieces) is inferred from the
 *       two sides' diffs; the pieces still tile the base of the whole change in order;
 *   <li>{@link #wordSuggestion()}: for a conflict only, a clean word-level three-way merge of
 *       its three texts, when one exists; a suggestion to show, never applied by the engine.
 * </ul>
 *
 * <p>The merge page offers its choices and suggestions over whole conflicts
 * ({@link ConflictRegion}), not hunk by hunk; the per-hunk word merge is what it offered
 * before, which the resolution evaluation (src/bench, docs/benchmarks.md) compares against.
 */
public final class MergeHunk {

    /** What the merge did with a hunk. */
    public enum Kind {
        /** Neither side changed these lines. */
        UNCHANGED,
        /** Only yours changed them; the merge takes yours. */
        YOURS,
        /** Only theirs changed them; the merge takes theirs. */
        THEIRS,
        /** Both sides made the same change; the merge takes it once. */
        BOTH,
        /** The sides changed the same or adjacent lines differently; the merge cannot decide. */
        CONFLICT
    }

    /** Hunks larger than this many tokens on any side get no word-level suggestion. */
    static final int SUGGESTION_TOKEN_LIMIT = 5_000;

    private final Kind kind;
    private final LineRange base;
    private final LineRange yours;
    private final LineRange theirs;
    private final Texts texts;
    // Computed on first use: most conflicts are never shown, and the word diff is not free.
    private volatile Optional<String> suggestion;

    MergeHunk(Kind kind, LineRange base, LineRange yours, LineRange theirs, Texts texts) {
        this.kind = Objects.requireNonNull(kind);
        this.base = base;
        this.yours = yours;
        this.theirs = theirs;
        this.texts = texts;
        this.suggestion = kind == Kind.CONFLICT ? null : Optional.empty();
    }

    public Kind kind() {
        return kind;
    }

    public boolean isConflict() {
        return kind == Kind.CONFLICT;
    }

    public LineRange base() {
        return base;
    }

    public LineRange yours() {
        return yours;
    }

    public LineRange theirs() {
        return theirs;
    }

    public LineRange range(Side side) {
        return switch (side) {
            case BASE -> base;
            case YOURS -> yours;
            case THEIRS -> theirs;
        };
    }

    /** The hunk's lines in one text, each with its line ending. */
    public List<String> lines(Side side) {
        return texts.lines(side, range(side));
    }

    /** The hunk's text in one version. */
    public String text(Side side) {
        return texts.join(side, range(side));
    }

    /** Appends this hunk's lines of one text without building an intermediate string. */
    void appendTo(StringBuilder sb, Side side) {
        String[] lines = texts.lines(side);
        LineRange r = range(side);
        for (int i = r.start(); i < r.end(); i++) {
            sb.append(lines[i]);
        }
    }

    /**
     * The text the merge takes for a stable hunk: yours for UNCHANGED, YOURS and BOTH (equal to
     * theirs there), theirs for THEIRS.
     *
     * @throws IllegalStateException for a conflict, which has no single resolution
     */
    public String mergedText() {
        return switch (kind) {
            case UNCHANGED, YOURS, BOTH -> text(Side.YOURS);
            case THEIRS -> text(Side.THEIRS);
            case CONFLICT -> throw new IllegalStateException("a conflict hunk has no merged text");
        };
    }

    /**
     * For a conflict: the clean word-level three-way merge of this hunk's base, yours and theirs
     * texts, if the sides' changes do not touch at the word level; empty otherwise, for stable
     * hunks, and for hunks over {@value #SUGGESTION_TOKEN_LIMIT} tokens.
     */
    public Optional<String> wordSuggestion() {
        Optional<String> s = suggestion;
        if (s == null) {
            s = WordMerge.merge(text(Side.BASE), text(Side.YOURS), text(Side.THEIRS),
                    SUGGESTION_TOKEN_LIMIT);
            suggestion = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return kind + "[base " + base.start() + "+" + base.count() + ", yours " + yours.start() + "+"
                + yours.count() + ", theirs " + theirs.start() + "+" + theirs.count() + "]";
    }
}
