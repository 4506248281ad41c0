package stet.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link ConflictRegion}s of a merge from its blocks before refinement (git's
 * {@code XDL_MERGE_EAGER}, whose conflicts have exact ranges) and after (the result's hunks).
 *
 * <p>Refinement works inside each whole conflict, so every piece of a refined conflict lies in
 * one whole conflict; joining nearby conflicts ({@code ZEALOUS_ALNUM}) may make one refined
 * conflict span several whole ones and the stable lines between. A region is therefore the
 * smallest run of whole blocks that covers each refined conflict, runs that overlap joined into
 * one. Its ends are block boundaries of both merges, so it covers whole hunks of the result.
 */
final class ConflictRegions {

    private ConflictRegions() {
    }

    static List<ConflictRegion> of(List<Diff3.Block> whole, List<Diff3.Block> refined, Texts texts) {
        int[] end = {texts.baseLines().length, texts.yoursLines().length, texts.theirsLines().length};
        List<int[]> runs = new ArrayList<>();
        int k = 0;
        for (Diff3.Block r : refined) {
            if (r.kind() != MergeHunk.Kind.CONFLICT) {
                continue;
            }
            int[] start = {r.base0(), r.yours0(), r.theirs0()};
            int[] stop = {r.base1(), r.yours1(), r.theirs1()};
            while (k + 1 < whole.size() && atOrBefore(startOf(whole.get(k + 1)), start)) {
                k++;
            }
            int b = k + 1;
            while (b < whole.size() && !atOrBefore(stop, startOf(whole.get(b)))) {
                b++;
            }
            int last = runs.size() - 1;
            if (last >= 0 && runs.get(last)[1] > k) {
                runs.get(last)[1] = Math.max(runs.get(last)[1], b);
            } else {
                runs.add(new int[] {k, b});
            }
        }
        List<ConflictRegion> regions = new ArrayList<>(runs.size());
        int h = 0;
        for (int[] run : runs) {
            int[] from = startOf(whole.get(run[0]));
            int[] to = run[1] < whole.size() ? startOf(whole.get(run[1])) : end;
            while (h < refined.size() && !same(startOf(refined.get(h)), from)) {
                h++;
            }
            int h1 = h;
            while (h1 < refined.size() && !same(startOf(refined.get(h1)), to)) {
                h1++;
            }
            if (h == refined.size() || (h1 == refined.size() && !same(to, end))) {
                // Cannot happen (see the class comment); should it, each conflict is its own region.
                return piecewise(refined, texts);
            }
            regions.add(new ConflictRegion(range(from[0], to[0]), range(from[1], to[1]), range(from[2], to[2]),
                    h, h1, texts));
            h = h1;
        }
        return regions;
    }

    /** Each refined conflict as a region of its own. */
    private static List<ConflictRegion> piecewise(List<Diff3.Block> refined, Texts texts) {
        List<ConflictRegion> regions = new ArrayList<>();
        for (int i = 0; i < refined.size(); i++) {
            Diff3.Block r = refined.get(i);
            if (r.kind() == MergeHunk.Kind.CONFLICT) {
                regions.add(new ConflictRegion(range(r.base0(), r.base1()), range(r.yours0(), r.yours1()),
                        range(r.theirs0(), r.theirs1()), i, i + 1, texts));
            }
        }
        return regions;
    }

    private static int[] startOf(Diff3.Block b) {
        return new int[] {b.base0(), b.yours0(), b.theirs0()};
    }

    private static boolean atOrBefore(int[] a, int[] b) {
        return a[0] <= b[0] && a[1] <= b[1] && a[2] <= b[2];
    }

    private static boolean same(int[] a, int[] b) {
        return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
    }

    private static LineRange range(int from, int to) {
        return new LineRange(from, to - from);
    }
}
