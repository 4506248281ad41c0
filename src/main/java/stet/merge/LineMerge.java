package stet.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The line-based three-way merge (diff3) of longtext values, computing what
 * {@code git merge-file -p yours base theirs} computes: where git merges cleanly the merged text
 * is byte-identical, where git reports conflicts the same lines conflict.
 *
 * <p>How: lines are interned to ints; base→yours and base→theirs are diffed with a port of git's
 * xdiff Myers ({@link XdiffMyers}: common prefix and suffix trimmed, lines without a match in
 * the other text set aside before the search, xdiff's cost cut-offs and change compaction);
 * the two scripts are merged as xdiff's xmerge.c does ({@link Diff3}): changes to separate
 * regions merge, overlapping or adjacent changes conflict, identical changes do not, and each
 * conflict is then narrowed to the lines where the sides really differ. Using git's own diff,
 * rather than a different algorithm, is what keeps the verdicts equal: two correct diffs can
 * align lines differently, and the alignment decides what overlaps.
 *
 * <p>Conflicts are data in the {@link LineMergeResult}, never exceptions. The work is bounded by a
 * budget counted in search steps, never in time ({@link Work}), so the same texts give the same
 * result on any machine under any load; a merge that reaches it still aligns what it can and is
 * flagged ({@link LineMergeResult#workBudgetReached()}). Texts over {@link #MAX_LINES} lines or
 * {@link #MAX_CHARS} characters are refused before any work ({@link TextTooLargeException}).
 */
public final class LineMerge {

    /** The most lines one text may have (each of base, yours and theirs). */
    public static final int MAX_LINES = 2_000_000;
    /** The most characters one text may have (each of base, yours and theirs). */
    public static final int MAX_CHARS = 64 * 1024 * 1024;

    private LineMerge() {
    }

    /** Merges with {@link LineMergeOptions#DEFAULT}. */
    public static LineMergeResult merge(String base, String yours, String theirs) {
        return merge(base, yours, theirs, LineMergeOptions.DEFAULT);
    }

    /**
     * Merges {@code yours} and {@code theirs}, both edited from {@code base}.
     *
     * @throws NullPointerException  if an argument is null (an absent value is the empty text)
     * @throws TextTooLargeException if a text is over {@link #MAX_LINES} lines or
     *                               {@link #MAX_CHARS} characters
     */
    public static LineMergeResult merge(String base, String yours, String theirs, LineMergeOptions options) {
        Objects.requireNonNull(options, "options");
        return merge(base, yours, theirs, options, null);
    }

    /** As {@link #merge(String, String, String, LineMergeOptions)}; a null budget is sized to the texts. */
    static LineMergeResult merge(String base, String yours, String theirs, LineMergeOptions options, Work budget) {
        Objects.requireNonNull(base, "base text must not be null (use \"\" for empty)");
        Objects.requireNonNull(yours, "yours text must not be null (use \"\" for empty)");
        Objects.requireNonNull(theirs, "theirs text must not be null (use \"\" for empty)");
        checkSize("base", base);
        checkSize("yours", yours);
        checkSize("theirs", theirs);
        Texts texts = Texts.of(base, yours, theirs);
        long lines = (long) texts.baseLines().length + texts.yoursLines().length + texts.theirsLines().length;
        return mergeLines(texts, options.conflicts(), budget != null ? budget : Work.forLines(lines));
    }

    private static void checkSize(String name, String text) {
        if (text.length() > MAX_CHARS) {
            throw new TextTooLargeException("the " + name + " text is too large to merge: " + text.length()
                    + " characters, at most " + MAX_CHARS);
        }
        int lines = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (++lines > MAX_LINES) {
                throw new TextTooLargeException("the " + name + " text is too large to merge: more than "
                        + MAX_LINES + " lines");
            }
        }
    }

    private static LineMergeResult mergeLines(Texts texts, LineMergeOptions.Conflicts conflicts, Work work) {
        Map<String, Integer> ids = new HashMap<>(
                (texts.baseLines().length + texts.yoursLines().length + texts.theirsLines().length) * 2);
        int[] base = intern(texts.baseLines(), ids);
        int[] yours = intern(texts.yoursLines(), ids);
        int[] theirs = intern(texts.theirsLines(), ids);
        int idCount = ids.size();

        List<Edit> toYours = XdiffMyers.diff(base, yours, idCount, work);
        List<Edit> toTheirs = XdiffMyers.diff(base, theirs, idCount, work);
        SubDiff subDiff = new SubDiff(idCount, work);
        String[] yoursLines = texts.yoursLines();
        Diff3.Level level = conflicts == LineMergeOptions.Conflicts.REFINED
                ? Diff3.Level.ZEALOUS_ALNUM : Diff3.Level.EAGER;
        Diff3.Result r = Diff3.merge(base, yours, theirs, toYours, toTheirs, level, subDiff::diff,
                i -> hasAsciiAlnum(yoursLines[i]));
        List<Diff3.Block> blocks = conflicts == LineMergeOptions.Conflicts.TRIMMED
                ? trimConflicts(r.blocks(), yours, theirs) : r.blocks();

        List<MergeHunk> hunks = new ArrayList<>(blocks.size());
        for (Diff3.Block b : blocks) {
            hunks.add(new MergeHunk(b.kind(), new LineRange(b.base0(), b.base1() - b.base0()),
                    new LineRange(b.yours0(), b.yours1() - b.yours0()),
                    new LineRange(b.theirs0(), b.theirs1() - b.theirs0()), texts));
        }
        List<ConflictRegion> regions = List.of();
        if (r.conflicts() > 0) {
            List<Diff3.Block> whole = conflicts == LineMergeOptions.Conflicts.WHOLE ? r.blocks()
                    : Diff3.merge(base, yours, theirs, toYours, toTheirs, Diff3.Level.EAGER, null, null).blocks();
            regions = ConflictRegions.of(whole, blocks, texts);
        }
        return new LineMergeResult(texts, hunks, r.conflicts(), work.exhausted(), regions);
    }

    /**
     * git's {@code xdl_refine_zdiff3_conflicts}: the lines yours and theirs share at the start and
     * the end of a conflict leave it, as hunks both sides made (with no base lines); the conflict
     * keeps its whole base, and stays a conflict even if one side is left empty.
     */
    private static List<Diff3.Block> trimConflicts(List<Diff3.Block> blocks, int[] yours, int[] theirs) {
        List<Diff3.Block> out = new ArrayList<>(blocks.size());
        for (Diff3.Block b : blocks) {
            if (b.kind() != MergeHunk.Kind.CONFLICT) {
                out.add(b);
                continue;
            }
            int y0 = b.yours0();
            int y1 = b.yours1();
            int t0 = b.theirs0();
            int t1 = b.theirs1();
            while (y0 < y1 && t0 < t1 && yours[y0] == theirs[t0]) {
                y0++;
                t0++;
            }
            while (y0 < y1 && t0 < t1 && yours[y1 - 1] == theirs[t1 - 1]) {
                y1--;
                t1--;
            }
            if (y0 > b.yours0()) {
                out.add(new Diff3.Block(MergeHunk.Kind.BOTH, b.base0(), b.base0(), b.yours0(), y0, b.theirs0(), t0));
            }
            out.add(new Diff3.Block(MergeHunk.Kind.CONFLICT, b.base0(), b.base1(), y0, y1, t0, t1));
            if (y1 < b.yours1()) {
                out.add(new Diff3.Block(MergeHunk.Kind.BOTH, b.base1(), b.base1(), y1, b.yours1(), t1, b.theirs1()));
            }
        }
        return out;
    }

    private static int[] intern(String[] lines, Map<String, Integer> ids) {
        int[] out = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            Integer id = ids.putIfAbsent(lines[i], ids.size());
            out[i] = id == null ? ids.size() - 1 : id;
        }
        return out;
    }

    /** git's {@code isalnum}: its own ASCII-only table, whatever the locale. */
    static boolean hasAsciiAlnum(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The diff used to refine a conflict: the two sides' lines of one conflict, renumbered to
     * small ids first so that the diff's per-id tables stay as small as the conflict.
     */
    private static final class SubDiff {
        private final int[] remap;
        private final Work work;

        SubDiff(int idCount, Work work) {
            this.remap = new int[idCount];
            Arrays.fill(remap, -1);
            this.work = work;
        }

        List<Edit> diff(int[] a, int[] b) {
            int next = 0;
            int[] la = new int[a.length];
            int[] lb = new int[b.length];
            for (int i = 0; i < a.length; i++) {
                if (remap[a[i]] < 0) {
                    remap[a[i]] = next++;
                }
                la[i] = remap[a[i]];
            }
            for (int i = 0; i < b.length; i++) {
                if (remap[b[i]] < 0) {
                    remap[b[i]] = next++;
                }
                lb[i] = remap[b[i]];
            }
            for (int id : a) {
                remap[id] = -1;
            }
            for (int id : b) {
                remap[id] = -1;
            }
            return XdiffMyers.diff(la, lb, next, work);
        }
    }
}
