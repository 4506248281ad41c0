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
 * <p>Conflicts are data in the {@link LineMergeResult}, never exceptions. A merge that exceeds
 * its time budget is reported as one conflict over the whole text.
 */
public final class LineMerge {

    private LineMerge() {
    }

    /** Merges with {@link LineMergeOptions#DEFAULT}. */
    public static LineMergeResult merge(String base, String yours, String theirs) {
        return merge(base, yours, theirs, LineMergeOptions.DEFAULT);
    }

    /**
     * Merges {@code yours} and {@code theirs}, both edited from {@code base}.
     *
     * @throws NullPointerException if an argument is null (an absent value is the empty text)
     */
    public static LineMergeResult merge(String base, String yours, String theirs, LineMergeOptions options) {
        Objects.requireNonNull(options, "options");
        return merge(base, yours, theirs, options.refineConflicts(), Deadline.after(options.timeBudget()));
    }

    static LineMergeResult merge(String base, String yours, String theirs, boolean refine, Deadline deadline) {
        Objects.requireNonNull(base, "base text must not be null (use \"\" for empty)");
        Objects.requireNonNull(yours, "yours text must not be null (use \"\" for empty)");
        Objects.requireNonNull(theirs, "theirs text must not be null (use \"\" for empty)");
        Texts texts = Texts.of(base, yours, theirs);
        try {
            return mergeLines(texts, refine, deadline);
        } catch (Deadline.BudgetExceeded e) {
            return wholeConflict(texts);
        }
    }

    private static LineMergeResult mergeLines(Texts texts, boolean refine, Deadline deadline) {
        Map<String, Integer> ids = new HashMap<>(
                (texts.baseLines().length + texts.yoursLines().length + texts.theirsLines().length) * 2);
        int[] base = intern(texts.baseLines(), ids);
        int[] yours = intern(texts.yoursLines(), ids);
        int[] theirs = intern(texts.theirsLines(), ids);
        int idCount = ids.size();

        List<Edit> toYours = XdiffMyers.diff(base, yours, idCount, deadline);
        List<Edit> toTheirs = XdiffMyers.diff(base, theirs, idCount, deadline);
        SubDiff subDiff = new SubDiff(idCount, deadline);
        String[] yoursLines = texts.yoursLines();
        Diff3.Result r = Diff3.merge(base, yours, theirs, toYours, toTheirs,
                refine ? Diff3.Level.ZEALOUS_ALNUM : Diff3.Level.EAGER, subDiff::diff,
                i -> hasAsciiAlnum(yoursLines[i]));

        List<MergeHunk> hunks = new ArrayList<>(r.blocks().size());
        for (Diff3.Block b : r.blocks()) {
            hunks.add(new MergeHunk(b.kind(), new LineRange(b.base0(), b.base1() - b.base0()),
                    new LineRange(b.yours0(), b.yours1() - b.yours0()),
                    new LineRange(b.theirs0(), b.theirs1() - b.theirs0()), texts));
        }
        return new LineMergeResult(texts, hunks, r.conflicts(), false);
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

    static LineMergeResult wholeConflict(Texts texts) {
        MergeHunk all = new MergeHunk(MergeHunk.Kind.CONFLICT,
                new LineRange(0, texts.baseLines().length),
                new LineRange(0, texts.yoursLines().length),
                new LineRange(0, texts.theirsLines().length), texts);
        return new LineMergeResult(texts, List.of(all), 1, true);
    }

    /**
     * The diff used to refine a conflict: the two sides' lines of one conflict, renumbered to
     * small ids first so that the diff's per-id tables stay as small as the conflict.
     */
    private static final class SubDiff {
        private final int[] remap;
        private final Deadline deadline;

        SubDiff(int idCount, Deadline deadline) {
            this.remap = new int[idCount];
            Arrays.fill(remap, -1);
            this.deadline = deadline;
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
            return XdiffMyers.diff(la, lb, next, deadline);
        }
    }
}
