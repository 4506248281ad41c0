package stet.merge;

import java.util.Arrays;
import java.util.List;

/**
 * The three inputs of a line merge, kept both whole and split into lines (each line with its
 * {@code '\n'}, the last one possibly without). Shared, read-only, by a result and its hunks.
 */
record Texts(String base, String yours, String theirs, String[] baseLines, String[] yoursLines,
        String[] theirsLines) {

    static Texts of(String base, String yours, String theirs) {
        return new Texts(base, yours, theirs, split(base), split(yours), split(theirs));
    }

    /** Splits after every '\n', as xdiff does: "a\nb" is "a\n" and "b"; "" has no lines. */
    static String[] split(String text) {
        int count = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            count++;
        }
        boolean tail = !text.isEmpty() && text.charAt(text.length() - 1) != '\n';
        String[] lines = new String[count + (tail ? 1 : 0)];
        int start = 0;
        int n = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            lines[n++] = text.substring(start, i + 1);
            start = i + 1;
        }
        if (tail) {
            lines[n] = text.substring(start);
        }
        return lines;
    }

    String text(Side side) {
        return switch (side) {
            case BASE -> base;
            case YOURS -> yours;
            case THEIRS -> theirs;
        };
    }

    String[] lines(Side side) {
        return switch (side) {
            case BASE -> baseLines;
            case YOURS -> yoursLines;
            case THEIRS -> theirsLines;
        };
    }

    List<String> lines(Side side, LineRange range) {
        return List.of(Arrays.copyOfRange(lines(side), range.start(), range.end()));
    }

    String join(Side side, LineRange range) {
        return join(lines(side), range.start(), range.end());
    }

    static String join(String[] lines, int from, int to) {
        if (to - from == 1) {
            return lines[from];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(lines[i]);
        }
        return sb.toString();
    }
}
