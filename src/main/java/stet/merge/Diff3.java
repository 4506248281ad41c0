package stet.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The three-way merge of two edit scripts over a common base, as git's {@code xdl_do_merge}
 * (xdiff/xmerge.c) does it, plus the bookkeeping that turns git's list of changed regions into
 * hunks that cover all three texts.
 *
 * <p>Side 1 is yours and side 2 is theirs, as in {@code git merge-file yours base theirs}.
 * Sequences are ids (equal id = equal element); the caller supplies the diff used to refine
 * conflicts and a test for "this line has a letter or digit".
 */
final class Diff3 {

    /** How hard to look inside overlapping changes; git's {@code XDL_MERGE_*} levels. */
    enum Level {
        /** Every overlapping change conflicts, even identical ones. */
        MINIMAL,
        /** Identical changes on both sides are taken; other overlaps conflict. */
        EAGER,
        /** Also diffs the two sides of a conflict and keeps only the lines that differ. */
        ZEALOUS,
        /** ZEALOUS, and conflicts separated only by lines without letters or digits are joined. */
        ZEALOUS_ALNUM
    }

    /** One block of the merge, in all three texts: {@code [start, end)} line ranges. */
    record Block(MergeHunk.Kind kind, int base0, int base1, int yours0, int yours1, int theirs0,
            int theirs1) {
    }

    /** Blocks covering base, yours and theirs end to end, and the number of conflicts. */
    record Result(List<Block> blocks, int conflicts) {
    }

    /**
     * A changed region, as git's {@code xdmerge_t}: {@code kind} is its mode (conflict, take
     * yours, take theirs, or, after refinement, both sides identical); {@code i0/chg0} the base
     * lines, {@code i1/chg1} yours, {@code i2/chg2} theirs. {@code b0/b1} is the base range the
     * hunk will report: exact for regions the merge found, inferred for regions that conflict
     * refinement carved out of a larger one (git leaves their base undefined).
     */
    private static final class Chunk {
        MergeHunk.Kind kind;
        int i0;
        int chg0;
        int i1;
        int chg1;
        int i2;
        int chg2;
        int b0;
        int b1;
        Chunk next;

        Chunk(MergeHunk.Kind kind, int i0, int chg0, int i1, int chg1, int i2, int chg2) {
            this.kind = kind;
            this.i0 = i0;
            this.chg0 = chg0;
            this.i1 = i1;
            this.chg1 = chg1;
            this.i2 = i2;
            this.chg2 = chg2;
        }
    }

    /**
     * Stretches of the merge that are not changed regions but need not equal the base either:
     * changes made identically on both sides, and the common lines that refinement found inside
     * a conflict. Exact yours/theirs ranges; base ranges exact for the former, inferred for the
     * latter.
     */
    private record Known(int b0, int b1, int y0, int y1, int t0, int t1) {
    }

    private final int[] base;
    private final int[] yours;
    private final int[] theirs;
    private final List<Edit> yoursEdits;
    private final List<Edit> theirsEdits;
    private final List<Known> known = new ArrayList<>();
    private int[][] yoursMap;
    private int[][] theirsMap;

    private Diff3(int[] base, int[] yours, int[] theirs, List<Edit> yoursEdits, List<Edit> theirsEdits) {
        this.base = base;
        this.yours = yours;
        this.theirs = theirs;
        this.yoursEdits = yoursEdits;
        this.theirsEdits = theirsEdits;
    }

    /**
     * Merges.
     *
     * @param yoursEdits  edit script base → yours
     * @param theirsEdits edit script base → theirs
     * @param refineDiff  the two-way diff used to refine conflicts (yours part → theirs part);
     *                    unused below {@link Level#ZEALOUS}
     * @param yoursLineHasAlnum whether a line of yours has an ASCII letter or digit; used only
     *                    at {@link Level#ZEALOUS_ALNUM}
     */
    static Result merge(int[] base, int[] yours, int[] theirs, List<Edit> yoursEdits,
            List<Edit> theirsEdits, Level level, BiFunction<int[], int[], List<Edit>> refineDiff,
            java.util.function.IntPredicate yoursLineHasAlnum) {
        Diff3 d = new Diff3(base, yours, theirs, yoursEdits, theirsEdits);
        Chunk head = d.collect(level);
        if (level.compareTo(Level.ZEALOUS) >= 0) {
            d.refineConflicts(head, refineDiff);
            simplifyNonConflicts(head, level == Level.ZEALOUS_ALNUM, yoursLineHasAlnum);
        }
        return d.blocks(head);
    }

    /** The main loop of {@code xdl_do_merge}: walks both scripts and records changed regions. */
    private Chunk collect(Level level) {
        Chunk head = null;
        Chunk last = null;
        int p1 = 0;
        int p2 = 0;
        while (p1 < yoursEdits.size() && p2 < theirsEdits.size()) {
            Edit x1 = yoursEdits.get(p1);
            Edit x2 = theirsEdits.get(p2);
            if (x1.preEnd() < x2.preStart()) {
                last = append(last, MergeHunk.Kind.YOURS, x1.preStart(), x1.preLength(),
                        x1.postStart(), x1.postLength(),
                        x2.postStart() - x2.preStart() + x1.preStart(), x1.preLength());
                head = head == null ? last : head;
                p1++;
                continue;
            }
            if (x2.preEnd() < x1.preStart()) {
                last = append(last, MergeHunk.Kind.THEIRS, x2.preStart(), x2.preLength(),
                        x1.postStart() - x1.preStart() + x2.preStart(), x2.preLength(),
                        x2.postStart(), x2.postLength());
                head = head == null ? last : head;
                p2++;
                continue;
            }
            // The changes overlap or touch (git tests "<" above, so adjacent edits land here).
            if (level == Level.MINIMAL || x1.preStart() != x2.preStart()
                    || x1.preLength() != x2.preLength() || x1.postLength() != x2.postLength()
                    || !sameRun(yours, x1.postStart(), theirs, x2.postStart(), x1.postLength())) {
                int off = x1.preStart() - x2.preStart();
                int ffo = off + x1.preLength() - x2.preLength();
                int i0 = x1.preStart();
                int i1 = x1.postStart();
                int i2 = x2.postStart();
                if (off > 0) {
                    i0 -= off;
                    i1 -= off;
                } else {
                    i2 += off;
                }
                int chg0 = x1.preEnd() - i0;
                int chg1 = x1.postEnd() - i1;
                int chg2 = x2.postEnd() - i2;
                if (ffo < 0) {
                    chg0 -= ffo;
                    chg1 -= ffo;
                } else {
                    chg2 += ffo;
                }
                last = append(last, MergeHunk.Kind.CONFLICT, i0, chg0, i1, chg1, i2, chg2);
                head = head == null ? last : head;
            } else {
                // Identical change: git records nothing and copies it from yours with the
                // unchanged lines around it. Remember it so the hunks can show it.
                known.add(new Known(x1.preStart(), x1.preEnd(), x1.postStart(), x1.postEnd(),
                        x2.postStart(), x2.postEnd()));
            }
            int end1 = x1.preEnd();
            int end2 = x2.preEnd();
            if (end1 >= end2) {
                p2++;
            }
            if (end2 >= end1) {
                p1++;
            }
        }
        for (; p1 < yoursEdits.size(); p1++) {
            Edit x1 = yoursEdits.get(p1);
            last = append(last, MergeHunk.Kind.YOURS, x1.preStart(), x1.preLength(), x1.postStart(),
                    x1.postLength(), x1.preStart() + theirs.length - base.length, x1.preLength());
            head = head == null ? last : head;
        }
        for (; p2 < theirsEdits.size(); p2++) {
            Edit x2 = theirsEdits.get(p2);
            last = append(last, MergeHunk.Kind.THEIRS, x2.preStart(), x2.preLength(),
                    x2.preStart() + yours.length - base.length, x2.preLength(), x2.postStart(),
                    x2.postLength());
            head = head == null ? last : head;
        }
        for (Chunk c = head; c != null; c = c.next) {
            c.b0 = c.i0;
            c.b1 = c.i0 + c.chg0;
        }
        return head;
    }

    /**
     * {@code xdl_append_merge}: a region that overlaps or touches the previous one, on either
     * side, is folded into it, and becomes a conflict if the two came from different sides.
     */
    private static Chunk append(Chunk m, MergeHunk.Kind kind, int i0, int chg0, int i1, int chg1,
            int i2, int chg2) {
        if (m != null && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
            if (kind != m.kind) {
                m.kind = MergeHunk.Kind.CONFLICT;
            }
            m.chg0 = i0 + chg0 - m.i0;
            m.chg1 = i1 + chg1 - m.i1;
            m.chg2 = i2 + chg2 - m.i2;
            return m;
        }
        Chunk c = new Chunk(kind, i0, chg0, i1, chg1, i2, chg2);
        if (m != null) {
            m.next = c;
        }
        return c;
    }

    private static boolean sameRun(int[] x, int xFrom, int[] y, int yFrom, int count) {
        for (int i = 0; i < count; i++) {
            if (x[xFrom + i] != y[yFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code xdl_refine_conflicts}: changes are often not identical but differ in only a few
     * lines, so diff the two sides of each conflict and keep only the differing lines as
     * conflicts. A conflict whose sides turn out equal becomes a "both" region.
     */
    private void refineConflicts(Chunk m, BiFunction<int[], int[], List<Edit>> refineDiff) {
        for (; m != null; m = m.next) {
            // No sense refining a conflict when one side is empty.
            if (m.kind != MergeHunk.Kind.CONFLICT || m.chg1 == 0 || m.chg2 == 0) {
                continue;
            }
            int i1 = m.i1;
            int i2 = m.i2;
            int y1 = m.i1 + m.chg1;
            int t1 = m.i2 + m.chg2;
            int regionB0 = m.b0;
            int regionB1 = m.b1;
            List<Edit> script = refineDiff.apply(
                    java.util.Arrays.copyOfRange(yours, m.i1, m.i1 + m.chg1),
                    java.util.Arrays.copyOfRange(theirs, m.i2, m.i2 + m.chg2));
            if (script.isEmpty()) {
                m.kind = MergeHunk.Kind.BOTH;
                continue;
            }
            List<Chunk> pieces = new ArrayList<>(script.size());
            Edit first = script.get(0);
            m.i1 = first.preStart() + i1;
            m.chg1 = first.preLength();
            m.i2 = first.postStart() + i2;
            m.chg2 = first.postLength();
            pieces.add(m);
            for (int k = 1; k < script.size(); k++) {
                Edit x = script.get(k);
                Chunk m2 = new Chunk(MergeHunk.Kind.CONFLICT, m.i0, m.chg0, x.preStart() + i1,
                        x.preLength(), x.postStart() + i2, x.postLength());
                m2.next = m.next;
                m.next = m2;
                m = m2;
                pieces.add(m2);
            }
            inferBase(pieces, i1, y1, i2, t1, regionB0, regionB1);
        }
    }

    /**
     * Gives the pieces of a refined conflict base ranges. Git does not need them (it only shows
     * the base in diff3 style, which does not refine), but hunks do: map each piece's yours and
     * theirs boundaries back through the side's own diff, and clamp so that the pieces and the
     * common lines between them split the region's base range in order, each base line once.
     */
    private void inferBase(List<Chunk> pieces, int y0, int y1, int t0, int t1, int regionB0,
            int regionB1) {
        if (yoursMap == null) {
            yoursMap = boundaryMap(yoursEdits, yours.length);
            theirsMap = boundaryMap(theirsEdits, theirs.length);
        }
        int cursor = regionB0;
        int commonY = y0;
        int commonT = t0;
        for (Chunk p : pieces) {
            int start = Math.min(yoursMap[0][p.i1], theirsMap[0][p.i2]);
            int end = Math.max(yoursMap[1][p.i1 + p.chg1], theirsMap[1][p.i2 + p.chg2]);
            p.b0 = clamp(start, cursor, regionB1);
            p.b1 = clamp(end, p.b0, regionB1);
            known.add(new Known(cursor, p.b0, commonY, p.i1, commonT, p.i2));
            cursor = p.b1;
            commonY = p.i1 + p.chg1;
            commonT = p.i2 + p.chg2;
        }
        known.add(new Known(cursor, regionB1, commonY, y1, commonT, t1));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(v, hi));
    }

    /**
     * For each boundary {@code p} of a side (0..n): [0] the earliest base boundary a range
     * starting at p maps to, [1] the latest base boundary a range ending at p maps to.
     */
    private static int[][] boundaryMap(List<Edit> edits, int n) {
        int[] start = new int[n + 1];
        int[] end = new int[n + 1];
        int sp = 0;
        int bp = 0;
        for (Edit e : edits) {
            for (; sp < e.postStart(); sp++, bp++) {
                start[sp] = bp;
                end[sp + 1] = bp + 1;
            }
            for (int j = e.postStart(); j < e.postEnd(); j++) {
                start[j] = e.preStart();
                end[j + 1] = e.preEnd();
            }
            start[e.postStart()] = e.preStart();
            end[e.postEnd()] = Math.max(end[e.postEnd()], e.preEnd());
            sp = e.postEnd();
            bp = e.preEnd();
        }
        for (; sp < n; sp++, bp++) {
            start[sp] = bp;
            end[sp + 1] = bp + 1;
        }
        start[n] = Math.max(start[n], bp);
        return new int[][] {start, end};
    }

    /**
     * {@code xdl_simplify_non_conflicts}: if fewer than four lines (or, at the alnum level,
     * only lines without letters or digits) separate two conflicts, one conflict reads more
     * simply than two, so the lines between are moved into it.
     */
    private static void simplifyNonConflicts(Chunk m, boolean simplifyIfNoAlnum,
            java.util.function.IntPredicate yoursLineHasAlnum) {
        if (m == null) {
            return;
        }
        for (;;) {
            Chunk next = m.next;
            if (next == null) {
                return;
            }
            int begin = m.i1 + m.chg1;
            int end = next.i1;
            if (m.kind != MergeHunk.Kind.CONFLICT || next.kind != MergeHunk.Kind.CONFLICT
                    || (end - begin > 3
                            && (!simplifyIfNoAlnum || anyAlnum(yoursLineHasAlnum, begin, end)))) {
                m = next;
            } else {
                m.chg1 = next.i1 + next.chg1 - m.i1;
                m.chg2 = next.i2 + next.chg2 - m.i2;
                m.b1 = next.b1;
                m.next = next.next;
            }
        }
    }

    private static boolean anyAlnum(java.util.function.IntPredicate hasAlnum, int from, int to) {
        for (int i = from; i < to; i++) {
            if (hasAlnum.test(i)) {
                return true;
            }
        }
        return false;
    }

    /** Lays the regions and the stretches between them end to end as blocks. */
    private Result blocks(Chunk head) {
        List<Block> out = new ArrayList<>();
        known.sort(java.util.Comparator.comparingInt(Known::y0).thenComparingInt(Known::y1));
        int[] cursor = new int[3]; // base, yours, theirs
        int[] knownIndex = new int[1];
        int conflicts = 0;
        for (Chunk m = head; m != null; m = m.next) {
            gap(out, cursor, m.b0, m.i1, m.i2, knownIndex);
            out.add(new Block(m.kind, m.b0, m.b1, m.i1, m.i1 + m.chg1, m.i2, m.i2 + m.chg2));
            if (m.kind == MergeHunk.Kind.CONFLICT) {
                conflicts++;
            }
            cursor[0] = m.b1;
            cursor[1] = m.i1 + m.chg1;
            cursor[2] = m.i2 + m.chg2;
        }
        gap(out, cursor, base.length, yours.length, theirs.length, knownIndex);
        return new Result(List.copyOf(out), conflicts);
    }

    /**
     * Emits the stretch between two regions: lines that yours and theirs share. Known
     * stretches inside it (identical changes, common lines of a refined conflict) become their
     * own blocks; what is left between them is unchanged in all three texts.
     */
    private void gap(List<Block> out, int[] cursor, int b1, int y1, int t1, int[] knownIndex) {
        int b = cursor[0];
        int y = cursor[1];
        int t = cursor[2];
        List<Known> ks = known;
        int k = knownIndex[0];
        while (k < ks.size() && ks.get(k).y0() < y) {
            k++; // swallowed by a region (git folds touching edits together)
        }
        for (; k < ks.size(); k++) {
            Known kn = ks.get(k);
            if (kn.y1() > y1 || kn.y0() > y1) {
                break;
            }
            if (kn.y0() < y || kn.t0() < t || kn.b0() < b || kn.t1() > t1 || kn.b1() > b1) {
                continue;
            }
            if (kn.y0() > y) {
                int len = kn.y0() - y;
                out.add(new Block(MergeHunk.Kind.UNCHANGED, b, b + len, y, kn.y0(), t, t + len));
            }
            int empty = (kn.y1() - kn.y0()) + (kn.b1() - kn.b0());
            if (empty > 0) {
                out.add(new Block(kn.b1() - kn.b0() == kn.y1() - kn.y0()
                                && sameRun(base, kn.b0(), yours, kn.y0(), kn.b1() - kn.b0())
                                ? MergeHunk.Kind.UNCHANGED : MergeHunk.Kind.BOTH,
                        kn.b0(), kn.b1(), kn.y0(), kn.y1(), kn.t0(), kn.t1()));
            }
            b = kn.b1();
            y = kn.y1();
            t = kn.t1();
        }
        knownIndex[0] = k;
        if (y < y1 || b < b1) {
            boolean same = b1 - b == y1 - y && sameRun(base, b, yours, y, y1 - y);
            out.add(new Block(same ? MergeHunk.Kind.UNCHANGED : MergeHunk.Kind.BOTH, b, b1, y, y1,
                    t, t1));
        }
    }
}
