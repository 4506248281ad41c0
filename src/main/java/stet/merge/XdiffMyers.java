package stet.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-way line diff that {@code git merge-file} uses: git's xdiff Myers algorithm with its
 * preparation and post-processing, ported step for step so that the edit scripts, and therefore
 * every merge verdict and merged text built on them, are the ones git computes.
 *
 * <p>The steps follow xdiff's {@code xdl_do_diff}, {@code xdl_change_compact} and
 * {@code xdl_build_script}:
 *
 * <ol>
 *   <li>lines arrive interned to ints (equal ids = byte-equal lines);
 *   <li>the common prefix and suffix are trimmed ({@code xdl_trim_ends});
 *   <li>lines with no match in the other text, and runs of lines with very many matches, are
 *       marked changed without being searched ({@code xdl_cleanup_records}); this is what keeps
 *       texts that share few lines cheap;
 *   <li>the rest is diffed by divide and conquer on the middle snake, with xdiff's cost cut-offs
 *       ({@code xdl_recs_cmp}, {@code xdl_split});
 *   <li>changed groups are slid up and down to line up with the other side's groups
 *       ({@code xdl_change_compact}, without the indent heuristic, which merge-file does not
 *       enable);
 *   <li>the marks are collected into an edit script.
 * </ol>
 *
 * Instances are single-use scratch space; callers use {@link #diff}.
 */
final class XdiffMyers {

    private static final int MAX_COST_MIN = 256;
    private static final int HEUR_MIN_COST = 256;
    private static final int SNAKE_CNT = 20;
    private static final int K_HEUR = 4;
    private static final int KPDIS_RUN = 4;
    private static final int MAX_EQLIMIT = 1024;
    private static final int SIMSCAN_WINDOW = 100;
    /** xdiff's XDL_LINE_MAX: the "unreached" value of the backward diagonals. */
    private static final int LINE_MAX = Integer.MAX_VALUE;

    private final int[] a;
    private final int[] b;
    /** changed1[i + 1] says line i of a is changed; slots 0 and n + 1 are always-false sentinels. */
    private final boolean[] changed1;
    private final boolean[] changed2;
    /** Lines of a and b that take part in the search, as indexes into a and b. */
    private final int[] rindex1;
    private final int[] rindex2;
    /** Ids of those lines, so that the inner loops read one array. */
    private final int[] ha1;
    private final int[] ha2;
    private int nreff1;
    private int nreff2;
    private int[] kvd;
    private int kvdf;
    private int kvdb;
    private int mxcost;
    private final Work work;

    private XdiffMyers(int[] a, int[] b, Work work) {
        this.a = a;
        this.b = b;
        this.changed1 = new boolean[a.length + 2];
        this.changed2 = new boolean[b.length + 2];
        this.rindex1 = new int[a.length];
        this.rindex2 = new int[b.length];
        this.ha1 = new int[a.length];
        this.ha2 = new int[b.length];
        this.work = work;
    }

    /**
     * Diffs two line sequences given as ids in {@code [0, idCount)}.
     *
     * @return git's edit script from {@code a} to {@code b}, in order; empty when they are equal.
     *     Once {@code work} is spent, still a valid script, but with cheaper alignments (see
     *     {@link Work})
     */
    static List<Edit> diff(int[] a, int[] b, int idCount, Work work) {
        XdiffMyers x = new XdiffMyers(a, b, work);
        x.prepare(idCount);
        x.search();
        compact(x.changed1, a, x.changed2, b.length);
        compact(x.changed2, b, x.changed1, a.length);
        return buildScript(x.changed1, a.length, x.changed2, b.length);
    }

    /** Ports {@code xdl_trim_ends} and {@code xdl_cleanup_records}. */
    private void prepare(int idCount) {
        int n1 = a.length;
        int n2 = b.length;
        int lim = Math.min(n1, n2);
        int dstart = 0;
        while (dstart < lim && a[dstart] == b[dstart]) {
            dstart++;
        }
        int suffix = 0;
        lim -= dstart;
        while (suffix < lim && a[n1 - 1 - suffix] == b[n2 - 1 - suffix]) {
            suffix++;
        }
        int dend1 = n1 - suffix - 1;
        int dend2 = n2 - suffix - 1;

        // xdiff counts a line's matches over the whole other file, trimmed ends included.
        int[] count1 = new int[idCount];
        int[] count2 = new int[idCount];
        for (int id : a) {
            count1[id]++;
        }
        for (int id : b) {
            count2[id]++;
        }
        byte[] dis1 = discardClasses(a, dstart, dend1, count2, limitFor(n1));
        byte[] dis2 = discardClasses(b, dstart, dend2, count1, limitFor(n2));
        nreff1 = keep(a, dis1, dstart, dend1, rindex1, ha1, changed1);
        nreff2 = keep(b, dis2, dstart, dend2, rindex2, ha2, changed2);
    }

    private static int limitFor(int lines) {
        return Math.min(bogosqrt(lines), MAX_EQLIMIT);
    }

    /** 0: no match in the other file; 1: some matches; 2: at least {@code mlim} matches. */
    private static byte[] discardClasses(int[] recs, int start, int end, int[] otherCount, int mlim) {
        byte[] dis = new byte[recs.length];
        for (int i = start; i <= end; i++) {
            int nm = otherCount[recs[i]];
            dis[i] = (byte) (nm == 0 ? 0 : nm >= mlim ? 2 : 1);
        }
        return dis;
    }

    private static int keep(int[] recs, byte[] dis, int start, int end, int[] rindex, int[] ha,
            boolean[] changed) {
        int nreff = 0;
        for (int i = start; i <= end; i++) {
            if (dis[i] == 1 || (dis[i] == 2 && !cleanMultiMatch(dis, i, start, end))) {
                rindex[nreff] = i;
                ha[nreff] = recs[i];
                nreff++;
            } else {
                changed[i + 1] = true;
            }
        }
        return nreff;
    }

    /**
     * Ports {@code xdl_clean_mmatch}: a line with many matches is discarded only when it sits in
     * a run dominated by lines that have no match at all.
     */
    private static boolean cleanMultiMatch(byte[] dis, int i, int s, int e) {
        // Bounds the scan so that long runs of repeated lines stay linear.
        if (i - s > SIMSCAN_WINDOW) {
            s = i - SIMSCAN_WINDOW;
        }
        if (e - i > SIMSCAN_WINDOW) {
            e = i + SIMSCAN_WINDOW;
        }
        int rdis0 = 0;
        int rpdis0 = 1;
        for (int r = 1; i - r >= s; r++) {
            if (dis[i - r] == 0) {
                rdis0++;
            } else if (dis[i - r] == 2) {
                rpdis0++;
            } else {
                break;
            }
        }
        if (rdis0 == 0) {
            return false;
        }
        int rdis1 = 0;
        int rpdis1 = 1;
        for (int r = 1; i + r <= e; r++) {
            if (dis[i + r] == 0) {
                rdis1++;
            } else if (dis[i + r] == 2) {
                rpdis1++;
            } else {
                break;
            }
        }
        if (rdis1 == 0) {
            return false;
        }
        rdis1 += rdis0;
        rpdis1 += rpdis0;
        return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
    }

    /** Ports {@code xdl_bogosqrt}: a power of two near the square root. */
    static int bogosqrt(int n) {
        int i = 1;
        for (; n > 0; n >>= 2) {
            i <<= 1;
        }
        return i;
    }

    /** Ports the Myers part of {@code xdl_do_diff} and {@code xdl_recs_cmp}. */
    private void search() {
        int ndiags = nreff1 + nreff2 + 3;
        kvd = new int[2 * ndiags + 2];
        kvdf = nreff2 + 1;
        kvdb = ndiags + nreff2 + 1;
        mxcost = Math.max(bogosqrt(ndiags), MAX_COST_MIN);

        // xdl_recs_cmp recurses on the two halves; an explicit stack keeps deep splits off the
        // Java stack. Boxes are independent, so the order they are processed in does not matter.
        int[] stack = new int[64 * 5];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = nreff1;
        stack[top++] = 0;
        stack[top++] = nreff2;
        stack[top++] = 0; // need_min: git merge-file does not ask for a minimal diff
        int[] split = new int[4];
        while (top > 0) {
            boolean needMin = stack[--top] != 0;
            int lim2 = stack[--top];
            int off2 = stack[--top];
            int lim1 = stack[--top];
            int off1 = stack[--top];

            // Shrink the box by walking the diagonal snakes at both ends.
            while (off1 < lim1 && off2 < lim2 && ha1[off1] == ha2[off2]) {
                off1++;
                off2++;
            }
            while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] == ha2[lim2 - 1]) {
                lim1--;
                lim2--;
            }
            if (work.exhausted()) {
                // Out of budget: the box is taken as wholly changed, which is still a valid
                // diff and costs one pass. Boxes already split keep their alignment.
                for (; off1 < lim1; off1++) {
                    changed1[rindex1[off1] + 1] = true;
                }
                for (; off2 < lim2; off2++) {
                    changed2[rindex2[off2] + 1] = true;
                }
            } else if (off1 == lim1) {
                for (; off2 < lim2; off2++) {
                    changed2[rindex2[off2] + 1] = true;
                }
            } else if (off2 == lim2) {
                for (; off1 < lim1; off1++) {
                    changed1[rindex1[off1] + 1] = true;
                }
            } else {
                split(off1, lim1, off2, lim2, needMin, split);
                if (top + 10 > stack.length) {
                    stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = split[0];
                stack[top++] = lim1;
                stack[top++] = split[1];
                stack[top++] = lim2;
                stack[top++] = split[3];
                stack[top++] = off1;
                stack[top++] = split[0];
                stack[top++] = off2;
                stack[top++] = split[1];
                stack[top++] = split[2];
            }
        }
    }

    /**
     * Ports {@code xdl_split}: finds the middle snake of a box, or, when that gets expensive,
     * a good-enough split point. Writes {@code i1, i2, min_lo, min_hi} into {@code out}.
     */
    private void split(int off1, int lim1, int off2, int lim2, boolean needMin, int[] out) {
        final int[] kv = kvd;
        final int f = kvdf;
        final int bk = kvdb;
        final int[] h1 = ha1;
        final int[] h2 = ha2;
        int dmin = off1 - lim2;
        int dmax = lim1 - off2;
        int fmid = off1 - off2;
        int bmid = lim1 - lim2;
        boolean odd = ((fmid - bmid) & 1) != 0;
        int fmin = fmid;
        int fmax = fmid;
        int bmin = bmid;
        int bmax = bmid;

        kv[f + fmid] = off1;
        kv[bk + bmid] = lim1;

        for (int ec = 1;; ec++) {
            boolean gotSnake = false;
            // Diagonals visited plus lines compared along them: the work this round costs.
            long steps = 0;

            // Extend the forward diagonal domain by one, or shrink it where it hits the box.
            // The -1 just outside saves a bounds test in the loop below.
            if (fmin > dmin) {
                kv[f + --fmin - 1] = -1;
            } else {
                ++fmin;
            }
            if (fmax < dmax) {
                kv[f + ++fmax + 1] = -1;
            } else {
                --fmax;
            }
            for (int d = fmax; d >= fmin; d -= 2) {
                int i1;
                if (kv[f + d - 1] >= kv[f + d + 1]) {
                    i1 = kv[f + d - 1] + 1;
                } else {
                    i1 = kv[f + d + 1];
                }
                int prev1 = i1;
                int i2 = i1 - d;
                while (i1 < lim1 && i2 < lim2 && h1[i1] == h2[i2]) {
                    i1++;
                    i2++;
                }
                steps += 1 + i1 - prev1;
                if (i1 - prev1 > SNAKE_CNT) {
                    gotSnake = true;
                }
                kv[f + d] = i1;
                if (odd && bmin <= d && d <= bmax && kv[bk + d] <= i1) {
                    out[0] = i1;
                    out[1] = i2;
                    out[2] = 1;
                    out[3] = 1;
                    return;
                }
            }

            if (bmin > dmin) {
                kv[bk + --bmin - 1] = LINE_MAX;
            } else {
                ++bmin;
            }
            if (bmax < dmax) {
                kv[bk + ++bmax + 1] = LINE_MAX;
            } else {
                --bmax;
            }
            for (int d = bmax; d >= bmin; d -= 2) {
                int i1;
                if (kv[bk + d - 1] < kv[bk + d + 1]) {
                    i1 = kv[bk + d - 1];
                } else {
                    i1 = kv[bk + d + 1] - 1;
                }
                int prev1 = i1;
                int i2 = i1 - d;
                while (i1 > off1 && i2 > off2 && h1[i1 - 1] == h2[i2 - 1]) {
                    i1--;
                    i2--;
                }
                steps += 1 + prev1 - i1;
                if (prev1 - i1 > SNAKE_CNT) {
                    gotSnake = true;
                }
                kv[bk + d] = i1;
                if (!odd && fmin <= d && d <= fmax && i1 <= kv[f + d]) {
                    out[0] = i1;
                    out[1] = i2;
                    out[2] = 1;
                    out[3] = 1;
                    return;
                }
            }

            // The budget is checked even where xdiff insists on a minimal diff: it bounds every
            // search, whatever the box.
            boolean spent = !work.spend(steps);
            if (needMin && !spent) {
                continue;
            }

            // Past the heuristic trigger, and having just seen a long snake, take a diagonal
            // that went far (measured from the corner, penalised by its distance from the
            // middle diagonal) if it ends in a snake of at least SNAKE_CNT lines.
            if (!needMin && gotSnake && ec > HEUR_MIN_COST) {
                int best = 0;
                for (int d = fmax; d >= fmin; d -= 2) {
                    int dd = d > fmid ? d - fmid : fmid - d;
                    int i1 = kv[f + d];
                    int i2 = i1 - d;
                    int v = (i1 - off1) + (i2 - off2) - dd;
                    if (v > K_HEUR * ec && v > best
                            && off1 + SNAKE_CNT <= i1 && i1 < lim1
                            && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
                        for (int k = 1; h1[i1 - k] == h2[i2 - k]; k++) {
                            if (k == SNAKE_CNT) {
                                best = v;
                                out[0] = i1;
                                out[1] = i2;
                                break;
                            }
                        }
                    }
                }
                if (best > 0) {
                    out[2] = 1;
                    out[3] = 0;
                    return;
                }
                best = 0;
                for (int d = bmax; d >= bmin; d -= 2) {
                    int dd = d > bmid ? d - bmid : bmid - d;
                    int i1 = kv[bk + d];
                    int i2 = i1 - d;
                    int v = (lim1 - i1) + (lim2 - i2) - dd;
                    if (v > K_HEUR * ec && v > best
                            && off1 < i1 && i1 <= lim1 - SNAKE_CNT
                            && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
                        for (int k = 0; h1[i1 + k] == h2[i2 + k]; k++) {
                            if (k == SNAKE_CNT - 1) {
                                best = v;
                                out[0] = i1;
                                out[1] = i2;
                                break;
                            }
                        }
                    }
                }
                if (best > 0) {
                    out[2] = 0;
                    out[3] = 1;
                    return;
                }
            }

            // Enough: take the furthest-reaching path found so far (by i1 + i2). xdiff's own
            // cut-off, also taken when the merge's work budget runs out.
            if (spent || ec >= mxcost) {
                int fbest = -1;
                int fbest1 = -1;
                for (int d = fmax; d >= fmin; d -= 2) {
                    int i1 = Math.min(kv[f + d], lim1);
                    int i2 = i1 - d;
                    if (lim2 < i2) {
                        i1 = lim2 + d;
                        i2 = lim2;
                    }
                    if (fbest < i1 + i2) {
                        fbest = i1 + i2;
                        fbest1 = i1;
                    }
                }
                int bbest = LINE_MAX;
                int bbest1 = LINE_MAX;
                for (int d = bmax; d >= bmin; d -= 2) {
                    int i1 = Math.max(off1, kv[bk + d]);
                    int i2 = i1 - d;
                    if (i2 < off2) {
                        i1 = off2 + d;
                        i2 = off2;
                    }
                    if (i1 + i2 < bbest) {
                        bbest = i1 + i2;
                        bbest1 = i1;
                    }
                }
                if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
                    out[0] = fbest1;
                    out[1] = fbest - fbest1;
                    out[2] = 1;
                    out[3] = 0;
                } else {
                    out[0] = bbest1;
                    out[1] = bbest - bbest1;
                    out[2] = 0;
                    out[3] = 1;
                }
                return;
            }
        }
    }

    /**
     * A run of changed lines in one file (possibly empty, sitting above line {@code start}), as
     * xdiff's {@code struct xdlgroup}. {@code end} is the first unchanged line after it.
     */
    private static final class Group {
        int start;
        int end;

        Group(boolean[] changed) {
            while (changed[end + 1]) {
                end++;
            }
        }

        boolean next(boolean[] changed, int n) {
            if (end == n) {
                return false;
            }
            start = end + 1;
            for (end = start; changed[end + 1]; end++) {
                // extend
            }
            return true;
        }

        boolean previous(boolean[] changed) {
            if (start == 0) {
                return false;
            }
            end = start - 1;
            for (start = end; changed[start]; start--) {
                // changed[start] is line start - 1
            }
            return true;
        }

        boolean slideDown(boolean[] changed, int[] recs) {
            if (end < recs.length && recs[start] == recs[end]) {
                changed[start++ + 1] = false;
                changed[end++ + 1] = true;
                while (changed[end + 1]) {
                    end++;
                }
                return true;
            }
            return false;
        }

        boolean slideUp(boolean[] changed, int[] recs) {
            if (start > 0 && recs[start - 1] == recs[end - 1]) {
                changed[--start + 1] = true;
                changed[--end + 1] = false;
                while (changed[start]) {
                    start--;
                }
                return true;
            }
            return false;
        }
    }

    /**
     * Ports {@code xdl_change_compact} without the indent heuristic: slides each group of
     * changed lines as far down as it goes, merging groups it bumps into, then back up to line
     * up with a group of changes in the other file when it can.
     */
    private static void compact(boolean[] changed, int[] recs, boolean[] otherChanged, int otherN) {
        int n = recs.length;
        Group g = new Group(changed);
        Group go = new Group(otherChanged);
        while (true) {
            if (g.end != g.start) {
                int groupSize;
                int earliestEnd;
                int endMatchingOther;
                do {
                    groupSize = g.end - g.start;
                    endMatchingOther = -1;
                    while (g.slideUp(changed, recs)) {
                        if (!go.previous(otherChanged)) {
                            throw new IllegalStateException("group sync broken sliding up");
                        }
                    }
                    earliestEnd = g.end;
                    if (go.end > go.start) {
                        endMatchingOther = g.end;
                    }
                    while (g.slideDown(changed, recs)) {
                        if (!go.next(otherChanged, otherN)) {
                            throw new IllegalStateException("group sync broken sliding down");
                        }
                        if (go.end > go.start) {
                            endMatchingOther = g.end;
                        }
                    }
                } while (groupSize != g.end - g.start);

                if (g.end != earliestEnd && endMatchingOther != -1) {
                    // Move the (possibly merged) group back up to line up with the last group
                    // of changes in the other file that it can align with.
                    while (go.end == go.start) {
                        if (!g.slideUp(changed, recs)) {
                            throw new IllegalStateException("match disappeared");
                        }
                        if (!go.previous(otherChanged)) {
                            throw new IllegalStateException("group sync broken sliding to match");
                        }
                    }
                }
            }
            if (!g.next(changed, n)) {
                break;
            }
            if (!go.next(otherChanged, otherN)) {
                throw new IllegalStateException("group sync broken moving to next group");
            }
        }
    }

    /** Ports {@code xdl_build_script}: collects the change marks into edits, in order. */
    private static List<Edit> buildScript(boolean[] changed1, int n1, boolean[] changed2, int n2) {
        List<Edit> reversed = new ArrayList<>();
        // changedN[i] is line i - 1's mark; index 0 is the sentinel before the first line.
        for (int i1 = n1, i2 = n2; i1 >= 0 || i2 >= 0; i1--, i2--) {
            if (changed1[i1] || changed2[i2]) {
                int l1 = i1;
                int l2 = i2;
                while (changed1[i1]) {
                    i1--;
                }
                while (changed2[i2]) {
                    i2--;
                }
                reversed.add(new Edit(i1, l1 - i1, i2, l2 - i2));
            }
        }
        List<Edit> script = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            script.add(reversed.get(i));
        }
        return script;
    }
}
