package stet.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * "Keep both": one side's lines of a conflict, then the other's, as a person would write them.
 *
 * <ul>
 *   <li>What both sides share at the start and at the end of the conflict is written once, not
 *       twice: two sides that both added a heading, then different items under it, give the
 *       heading once and both items.
 *   <li>Where the sides' blocks are paragraphs (two changelog entries, two functions, two
 *       paragraphs of prose inserted at the same place), each keeps its blank line, so they
 *       stay apart instead of being glued together; what is shared is then counted in whole
 *       paragraphs, never in lines (two methods that both end with <code>}</code> are two
 *       methods). Blocks are paragraphs when both end with a blank line and start where a
 *       paragraph starts (after a blank line or at the start of the text), or, mirrored, when
 *       both start with a blank line and end where a paragraph ends. Two paragraphs that differ
 *       only after the same first lines (a heading, a changelog's "[ name ]", then different
 *       items), or that both sides put between the same paragraphs (a changelog entry's first
 *       line and its signature), are items of one thing: written as one paragraph with both
 *       sides' items.
 *   <li>A diff is free to place an insertion anywhere among identical lines, and often ends
 *       both sides' blocks with lines equal to those right before them (a method's closing
 *       brace and blank line, where each side inserted a method after another), or starts them
 *       with lines equal to those right after them. Those lines are each side's own copy, not
 *       something both wrote: when the blocks end (start) that way, their ends (starts) are
 *       never written once for both.
 *   <li>A block without a final newline (the end of the text) gets one before the other block.
 * </ul>
 */
public final class BothSides {

    private enum Units {
        LINES, PARAGRAPHS_ENDING_BLANK, PARAGRAPHS_STARTING_BLANK
    }

    private BothSides() {
    }

    /** Both texts, {@code first} before {@code second}, with nothing known of the text around them. */
    public static String join(String first, String second) {
        return join(List.of(Texts.split(first)), List.of(Texts.split(second)), null, null);
    }

    /**
     * @param first  the lines to write first, each with its line ending
     * @param second the lines to write after them
     * @param lineBefore the line right before the conflict in the text around it, or null at its start
     * @param lineAfter  the line right after the conflict, or null at the end of the text
     */
    static String join(List<String> first, List<String> second, String lineBefore, String lineAfter) {
        // Lines a diff could have placed on either side of the blocks are each side's own copy: never shared.
        boolean ownEnds = endsWith(first, lineBefore) && endsWith(second, lineBefore);
        boolean ownStarts = startsWith(first, lineAfter) && startsWith(second, lineAfter);
        Units units = Units.LINES;
        if (!first.isEmpty() && !second.isEmpty()) {
            if (isBlank(last(first)) && isBlank(last(second)) && (lineBefore == null || isBlank(lineBefore))) {
                units = Units.PARAGRAPHS_ENDING_BLANK;
            } else if (isBlank(first.get(0)) && isBlank(second.get(0)) && (lineAfter == null || isBlank(lineAfter))) {
                units = Units.PARAGRAPHS_STARTING_BLANK;
            }
        }
        List<String> a = split(first, units);
        List<String> b = split(second, units);
        int prefix = 0;
        int max = Math.min(a.size(), b.size());
        while (!ownStarts && prefix < max && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (!ownEnds && suffix < max - prefix && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        if (prefix + suffix == a.size()) {
            return String.join("", second);
        }
        if (prefix + suffix == b.size()) {
            return String.join("", first);
        }
        StringBuilder sb = new StringBuilder();
        a.subList(0, prefix).forEach(sb::append);
        if (units == Units.PARAGRAPHS_ENDING_BLANK && a.size() - suffix - prefix == 1 && b.size() - suffix - prefix == 1) {
            String items = items(a.get(prefix), b.get(prefix), prefix > 0 && suffix > 0);
            if (items != null) {
                sb.append(items);
                a.subList(a.size() - suffix, a.size()).forEach(sb::append);
                return sb.toString();
            }
        }
        a.subList(prefix, a.size() - suffix).forEach(sb::append);
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        b.subList(prefix, b.size()).forEach(sb::append);
        return sb.toString();
    }

    private static boolean endsWith(List<String> block, String line) {
        return line != null && !block.isEmpty() && last(block).equals(line);
    }

    private static boolean startsWith(List<String> block, String line) {
        return line != null && !block.isEmpty() && block.get(0).equals(line);
    }

    /**
     * Two paragraphs that are items of one thing: after the same first lines (a heading, a
     * changelog's "[ name ]"), or, when {@code enclosed}, between paragraphs both sides share
     * (a changelog entry's first line and its signature). Gives the shared first lines once,
     * then both sides' items, then the blank lines; null when they are not of that shape.
     */
    private static String items(String first, String second, boolean enclosed) {
        List<String> a = List.of(Texts.split(first));
        List<String> b = List.of(Texts.split(second));
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head)) && !isBlank(a.get(head))) {
            head++;
        }
        int blanks = 0;
        while (blanks < a.size() - head && isBlank(a.get(a.size() - 1 - blanks))) {
            blanks++;
        }
        if ((head == 0 && !enclosed) || a.size() - head - blanks < 1 || b.size() - head < 1 + blanks
                || !a.subList(a.size() - blanks, a.size()).equals(b.subList(b.size() - blanks, b.size()))
                || isBlank(b.get(b.size() - blanks - 1))
                || a.get(a.size() - blanks - 1).equals(b.get(b.size() - blanks - 1))) {
            // Blocks that also end alike (a method's closing brace) are two of a kind, not two items.
            return null;
        }
        StringBuilder sb = new StringBuilder();
        a.subList(0, a.size() - blanks).forEach(sb::append);
        b.subList(head, b.size()).forEach(sb::append);
        return sb.toString();
    }

    /** The lines grouped into the units compared: lines, or paragraphs with their blank lines. */
    private static List<String> split(List<String> lines, Units units) {
        if (units == Units.LINES) {
            return lines;
        }
        List<String> out = new ArrayList<>();
        StringBuilder unit = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean blank = isBlank(line);
            boolean startsUnit = units == Units.PARAGRAPHS_STARTING_BLANK
                    ? blank && i > 0 && !isBlank(lines.get(i - 1))
                    : !blank && i > 0 && isBlank(lines.get(i - 1));
            if (startsUnit && unit.length() > 0) {
                out.add(unit.toString());
                unit.setLength(0);
            }
            unit.append(line);
        }
        if (unit.length() > 0) {
            out.add(unit.toString());
        }
        return out;
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static boolean isBlank(String line) {
        return line != null && line.isBlank();
    }
}
