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
 *       paragraphs, never in lines (two methods that both end with {@code }} are two methods).
 *       Blocks are paragraphs when both end with a blank line and start where a paragraph
 *       starts (after a blank line or at the start of the text), or, mirrored, when both start
 *       with a blank line and end where a paragraph ends.
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
     * @param before the line before the conflict (in the text around it), or null at the start
     * @param after  the line after the conflict, or null at the end
     */
    static String join(List<String> first, List<String> second, String before, String after) {
        Units units = Units.LINES;
        if (!first.isEmpty() && !second.isEmpty()) {
            if (isBlank(last(first)) && isBlank(last(second)) && (before == null || isBlank(before))) {
                units = Units.PARAGRAPHS_ENDING_BLANK;
            } else if (isBlank(first.get(0)) && isBlank(second.get(0)) && (after == null || isBlank(after))) {
                units = Units.PARAGRAPHS_STARTING_BLANK;
            }
        }
        List<String> a = split(first, units);
        List<String> b = split(second, units);
        int prefix = 0;
        int max = Math.min(a.size(), b.size());
        while (prefix < max && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        if (prefix + suffix == a.size()) {
            return String.join("", second);
        }
        if (prefix + suffix == b.size()) {
            return String.join("", first);
        }
        StringBuilder sb = new StringBuilder();
        a.subList(0, a.size() - suffix).forEach(sb::append);
        if (sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        b.subList(prefix, b.size()).forEach(sb::append);
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
