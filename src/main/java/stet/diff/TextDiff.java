package stet.diff;

import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.DeleteDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.InsertDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Differences between two texts for people to read: line by line, and within changed
 * lines word by word (java-diff-utils' Myers diff). The result is plain (kind, text)
 * segments that templates print with {@code th:text}, never markup, so nothing a user
 * typed can become HTML. (java-diff-utils' own {@code DiffRowGenerator} emits HTML and
 * escapes only angle brackets.)
 */
public final class TextDiff {

    /** How a piece of text relates to the text it is compared with. */
    public enum Kind {
        SAME,
        ADDED,
        REMOVED;

        /** The CSS class a template gives the segment. */
        public String css() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A run of text of one kind, without line breaks. */
    public record Segment(Kind kind, String text) {}

    /**
     * One displayed line: its segments, and {@code kind} SAME for an unchanged line,
     * ADDED or REMOVED for a whole line added or removed, or null for a changed line that
     * mixes segments. {@code note}: no line of either text but a remark about them
     * ({@link #FINAL_LINE_BREAK}), shown apart and never part of a value.
     */
    public record Line(Kind kind, List<Segment> segments, boolean note) {

        /** A line of one of the texts. */
        public Line(Kind kind, List<Segment> segments) {
            this(kind, segments, false);
        }

        public String css() {
            String css = kind == null ? "changed" : kind.css();
            return note ? css + " note" : css;
        }
    }

    /** A row of a side-by-side view; a side without a line is null. */
    public record Row(Line left, Line right) {}

    /** Texts longer than this are compared line by line only: a word diff of them helps nobody. */
    static final int WORD_DIFF_MAX_TOKENS = 4_000;
    /**
     * Marks the line break at the end of a text the other text lacks: compared line by line,
     * "a\nb" and "a\nb\n" have the same lines, and the one difference would show nowhere.
     */
    public static final String FINAL_LINE_BREAK = "(line break at the end)";

    /**
     * The search steps one comparison of two texts may take, its word diffs included (see
     * {@link DiffWork}). Ordinary edits take far fewer: 0.9 to 4 per line for 1% of the lines
     * changed, about 190 per line for 10% of 20,000 lines; two 5,000-line texts, one reversed,
     * the other shuffled, would take 137 million.
     */
    static final long WORK_BUDGET = 10_000_000;

    private static final Pattern TOKEN = Pattern.compile("\\w+|\\s+|[^\\w\\s]", Pattern.UNICODE_CHARACTER_CLASS);

    private TextDiff() {}

    /**
     * {@code to} as it differs from {@code from}: lines of {@code to}, with removed lines
     * and words of {@code from} shown in place.
     */
    public static List<Line> inline(String from, String to) {
        return inline(sideBySide(from, to));
    }

    /** {@link #inline(String, String)} from the rows {@link #sideBySide} gave, so a page that shows both diffs once. */
    public static List<Line> inline(List<Row> rows) {
        List<Line> out = new ArrayList<>();
        for (Row row : rows) {
            if (row.left() != null && row.right() != null && row.left().kind() == Kind.SAME) {
                out.add(row.right());
            } else if (row.left() != null && row.right() != null) {
                out.add(merge(row.left(), row.right()));
            } else if (row.right() != null || row.left().kind() == Kind.REMOVED || row.left().note()) {
                out.add(row.left() != null ? row.left() : row.right());
            } else {
                // An old line of a changed block left over after the pairs: its words that stayed are in
                // the new lines shown already ("a\nb" joined into "a b"); only those removed are its own.
                List<Segment> removed = row.left().segments().stream().filter(seg -> seg.kind() == Kind.REMOVED)
                        .toList();
                if (!removed.isEmpty()) {
                    out.add(new Line(Kind.REMOVED, removed));
                }
            }
        }
        return out;
    }

    /** Both texts side by side, changed lines paired, with word-level highlights. */
    public static List<Row> sideBySide(String from, String to) {
        return sideBySide(from, to, DiffWork.of(WORK_BUDGET));
    }

    /** {@link #sideBySide(String, String)} within {@code work}. */
    static List<Row> sideBySide(String from, String to, DiffWork work) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        List<Row> rows = new ArrayList<>();
        int ai = 0;
        int bi = 0;
        List<AbstractDelta<String>> deltas;
        try {
            deltas = work.diff(a, b);
        } catch (DiffWork.Spent spent) {
            deltas = oneBlock(a, b);
        }
        for (AbstractDelta<String> delta : deltas) {
            int sourceStart = delta.getSource().getPosition();
            while (ai < sourceStart) {
                rows.add(new Row(same(a.get(ai)), same(b.get(bi))));
                ai++;
                bi++;
            }
            List<String> removed = delta.getSource().getLines();
            List<String> added = delta.getTarget().getLines();
            if (delta.getType() == DeltaType.CHANGE) {
                changed(removed, added, rows, work);
            } else {
                removed.forEach(line -> rows.add(new Row(whole(Kind.REMOVED, line), null)));
                added.forEach(line -> rows.add(new Row(null, whole(Kind.ADDED, line))));
            }
            ai += removed.size();
            bi += added.size();
        }
        while (ai < a.size()) {
            rows.add(new Row(same(a.get(ai)), same(b.get(bi))));
            ai++;
            bi++;
        }
        finalLineBreak(from, to).ifPresent(rows::add);
        return rows;
    }

    /**
     * The row that shows a line break at the end of one text only, on the side that has it;
     * empty when both end alike, or one is empty (its lines say all).
     */
    private static Optional<Row> finalLineBreak(String from, String to) {
        if (from == null || to == null || from.isEmpty() || to.isEmpty() || from.endsWith("\n") == to.endsWith("\n")) {
            return Optional.empty();
        }
        return Optional.of(from.endsWith("\n") ? new Row(note(Kind.REMOVED), null) : new Row(null, note(Kind.ADDED)));
    }

    private static Line note(Kind kind) {
        return new Line(kind, List.of(new Segment(kind, FINAL_LINE_BREAK)), true);
    }

    /**
     * Two values compared as wholes, not by their characters: a number, a date or a
     * choice that changed is replaced, so "249.9" against "229.9" reads as the one value
     * removed and the other added, never as "2[4]9.9". A side without a value is null.
     */
    public static Row wholeValues(String from, String to) {
        return new Row(from.isEmpty() ? null : whole(Kind.REMOVED, from), to.isEmpty() ? null : whole(Kind.ADDED, to));
    }

    /** {@link #wholeValues} on one line: "249.9 → 229.9", or only the side that has a value. */
    public static Line wholeValuesInline(String from, String to) {
        List<Segment> segments = new ArrayList<>();
        if (!from.isEmpty()) {
            segments.add(new Segment(Kind.REMOVED, from));
        }
        if (!from.isEmpty() && !to.isEmpty()) {
            segments.add(new Segment(Kind.SAME, " → "));
        }
        if (!to.isEmpty()) {
            segments.add(new Segment(Kind.ADDED, to));
        }
        return new Line(null, List.copyOf(segments));
    }

    /** A text's lines as plain lines, for a pane that shows no differences. */
    public static List<Line> plain(String text) {
        return lines(text).stream().map(TextDiff::same).toList();
    }

    /** Pairs changed lines and marks the words that differ within them. */
    private static void changed(List<String> removed, List<String> added, List<Row> rows, DiffWork work) {
        List<String> left = tokens(String.join("\n", removed));
        List<String> right = tokens(String.join("\n", added));
        List<AbstractDelta<String>> deltas;
        try {
            deltas = left.size() + right.size() > WORD_DIFF_MAX_TOKENS ? null : work.diff(left, right);
        } catch (DiffWork.Spent spent) {
            deltas = null;
        }
        if (deltas == null) {
            removed.forEach(line -> rows.add(new Row(whole(Kind.REMOVED, line), null)));
            added.forEach(line -> rows.add(new Row(null, whole(Kind.ADDED, line))));
            return;
        }
        List<Segment> leftSegments = new ArrayList<>();
        List<Segment> rightSegments = new ArrayList<>();
        int li = 0;
        int ri = 0;
        for (AbstractDelta<String> delta : deltas) {
            while (li < delta.getSource().getPosition()) {
                leftSegments.add(new Segment(Kind.SAME, left.get(li++)));
                rightSegments.add(new Segment(Kind.SAME, right.get(ri++)));
            }
            delta.getSource().getLines().forEach(t -> leftSegments.add(new Segment(Kind.REMOVED, t)));
            delta.getTarget().getLines().forEach(t -> rightSegments.add(new Segment(Kind.ADDED, t)));
            li += delta.getSource().size();
            ri += delta.getTarget().size();
        }
        while (li < left.size()) {
            leftSegments.add(new Segment(Kind.SAME, left.get(li++)));
            rightSegments.add(new Segment(Kind.SAME, right.get(ri++)));
        }
        List<Line> leftLines = splitLines(leftSegments, Kind.REMOVED);
        List<Line> rightLines = splitLines(rightSegments, Kind.ADDED);
        for (int i = 0; i < Math.max(leftLines.size(), rightLines.size()); i++) {
            rows.add(new Row(i < leftLines.size() ? leftLines.get(i) : null, i < rightLines.size() ? rightLines.get(i) : null));
        }
    }

    /** Cuts a run of segments into lines at the newline tokens. */
    private static List<Line> splitLines(List<Segment> segments, Kind changeKind) {
        List<Line> lines = new ArrayList<>();
        List<Segment> current = new ArrayList<>();
        for (Segment segment : segments) {
            String text = segment.text();
            int start = 0;
            int nl;
            while ((nl = text.indexOf('\n', start)) >= 0) {
                if (nl > start) {
                    current.add(new Segment(segment.kind(), text.substring(start, nl)));
                }
                lines.add(line(current, changeKind));
                current = new ArrayList<>();
                start = nl + 1;
            }
            if (start < text.length()) {
                current.add(new Segment(segment.kind(), text.substring(start)));
            }
        }
        lines.add(line(current, changeKind));
        return lines;
    }

    private static Line line(List<Segment> tokens, Kind changeKind) {
        // Neighbouring tokens of one kind read (and render) as one segment.
        List<Segment> segments = new ArrayList<>();
        for (Segment token : tokens) {
            int last = segments.size() - 1;
            if (last >= 0 && segments.get(last).kind() == token.kind()) {
                segments.set(last, new Segment(token.kind(), segments.get(last).text() + token.text()));
            } else {
                segments.add(token);
            }
        }
        // Never SAME: the line diff matched no line of a changed block with one of the other
        // text, so a line whose words all stayed lost or gained a line break ("a\nb" → "a b").
        boolean allChanged = segments.stream().allMatch(s -> s.kind() == changeKind);
        return new Line(allChanged ? changeKind : null, List.copyOf(segments));
    }

    /** A changed line shown once: removed words of the old line, added words of the new. */
    private static Line merge(Line left, Line right) {
        if (left.kind() == Kind.REMOVED && right.kind() == Kind.ADDED) {
            List<Segment> both = new ArrayList<>(left.segments());
            both.addAll(right.segments());
            return new Line(null, both);
        }
        List<Segment> merged = new ArrayList<>();
        int li = 0;
        for (Segment r : right.segments()) {
            // Removed words come before the words that replaced them.
            while (li < left.segments().size() && left.segments().get(li).kind() == Kind.REMOVED) {
                merged.add(left.segments().get(li++));
            }
            if (r.kind() == Kind.SAME) {
                li++;
            }
            merged.add(r);
        }
        while (li < left.segments().size()) {
            Segment l = left.segments().get(li++);
            if (l.kind() == Kind.REMOVED) {
                merged.add(l);
            }
        }
        return new Line(null, merged);
    }

    private static Line same(String line) {
        return new Line(Kind.SAME, line.isEmpty() ? List.of() : List.of(new Segment(Kind.SAME, line)));
    }

    private static Line whole(Kind kind, String line) {
        return new Line(kind, line.isEmpty() ? List.of() : List.of(new Segment(kind, line)));
    }

    /**
     * The diff of texts too different to search within the budget: the lines between their
     * common first and last lines, all removed and added. Coarse, but it never shows a line
     * as the same when it is not.
     */
    private static List<AbstractDelta<String>> oneBlock(List<String> a, List<String> b) {
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        Chunk<String> removed = new Chunk<>(start, a.subList(start, endA));
        Chunk<String> added = new Chunk<>(start, b.subList(start, endB));
        if (removed.size() == 0 && added.size() == 0) {
            return List.of();
        }
        return List.of(removed.size() == 0 ? new InsertDelta<>(removed, added)
                : added.size() == 0 ? new DeleteDelta<>(removed, added) : new ChangeDelta<>(removed, added));
    }

    /** Lines without their endings; an empty text has none. */
    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}
