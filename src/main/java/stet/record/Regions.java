package stet.record;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;
import stet.diff.TextDiff;

/**
 * Long texts on the merge page shown as their changed regions: each changed line with
 * {@value #CONTEXT} lines of context on either side, the unchanged runs between them
 * folded into a {@link Region} that says how many lines it hides (the page shows it as
 * a {@code <details>}, so it opens without JavaScript). A run shorter than
 * {@value #MIN_FOLDED} lines is shown: folding it would save no space.
 */
public final class Regions {

    /** Unchanged lines shown on either side of a change. */
    static final int CONTEXT = 2;
    /** The shortest run of unchanged lines worth folding. */
    static final int MIN_FOLDED = 3;

    /**
     * A run of lines, shown or folded.
     *
     * @param folded whether the page shows it closed, with {@link #summary()}
     * @param lines its lines
     */
    public record Region<T>(boolean folded, List<T> lines) {
        /** "… 12 unchanged lines". */
        public String summary() {
            return "… " + lines.size() + " unchanged line" + (lines.size() == 1 ? "" : "s");
        }
    }

    private Regions() {}

    /** A pane's lines: folded away from the lines that differ from the original (a whole pane of same lines folds entirely). */
    static List<Region<TextDiff.Line>> ofDiff(List<TextDiff.Line> lines) {
        return around(lines, line -> line.kind() != TextDiff.Kind.SAME);
    }

    /**
     * The original's lines, folded away from the lines either side changed: a line is
     * changed when a diff from the original to a side removes or alters it, and the
     * lines around a place where a side inserted lines count as changed too.
     *
     * @param diffs {@link TextDiff#sideBySide} from the original to each side
     */
    static List<Region<TextDiff.Line>> ofOriginal(String original, List<List<TextDiff.Row>> diffs) {
        List<TextDiff.Line> lines = TextDiff.plain(original);
        BitSet changed = new BitSet(lines.size());
        for (List<TextDiff.Row> diff : diffs) {
            int at = 0;
            for (TextDiff.Row row : diff) {
                if (row.left() != null && row.left().note()) {
                    // The original's final line break, which the side lacks: its last line is what changed.
                    changed.set(lines.size() - 1);
                    continue;
                }
                if (row.left() == null) {
                    changed.set(Math.max(0, at - 1));
                    changed.set(Math.min(Math.max(0, lines.size() - 1), at));
                    continue;
                }
                if (row.left().kind() != TextDiff.Kind.SAME) {
                    changed.set(at);
                }
                at++;
            }
        }
        return group(lines, shownAround(changed, lines.size()));
    }

    /**
     * Merged lines between conflicts: the {@value #CONTEXT} lines next to a conflict are
     * shown ({@code afterConflict}: the first lines; {@code beforeConflict}: the last), the rest folds.
     */
    static List<Region<String>> between(List<String> lines, boolean afterConflict, boolean beforeConflict) {
        BitSet shown = new BitSet(lines.size());
        if (afterConflict) {
            shown.set(0, Math.min(CONTEXT, lines.size()));
        }
        if (beforeConflict) {
            shown.set(Math.max(0, lines.size() - CONTEXT), lines.size());
        }
        return group(lines, shown);
    }

    /** Lines within {@value #CONTEXT} of a changed line are shown; the others fold. */
    static <T> List<Region<T>> around(List<T> lines, Predicate<T> changed) {
        BitSet marked = new BitSet(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (changed.test(lines.get(i))) {
                marked.set(i);
            }
        }
        return group(lines, shownAround(marked, lines.size()));
    }

    private static BitSet shownAround(BitSet changed, int size) {
        BitSet shown = new BitSet(size);
        for (int i = changed.nextSetBit(0); i >= 0; i = changed.nextSetBit(i + 1)) {
            shown.set(Math.max(0, i - CONTEXT), Math.min(size, i + CONTEXT + 1));
        }
        return shown;
    }

    /** Consecutive lines grouped into shown and folded regions; runs too short to fold are shown. */
    static <T> List<Region<T>> group(List<T> lines, BitSet shown) {
        List<Region<T>> regions = new ArrayList<>();
        int start = 0;
        while (start < lines.size()) {
            int end = start;
            boolean show = shown.get(start);
            while (end < lines.size() && shown.get(end) == show) {
                end++;
            }
            boolean fold = !show && end - start >= MIN_FOLDED;
            List<T> run = List.copyOf(lines.subList(start, end));
            int last = regions.size() - 1;
            if (!fold && last >= 0 && !regions.get(last).folded()) {
                List<T> joined = new ArrayList<>(regions.get(last).lines());
                joined.addAll(run);
                regions.set(last, new Region<>(false, List.copyOf(joined)));
            } else {
                regions.add(new Region<>(fold, run));
            }
            start = end;
        }
        return regions;
    }
}
