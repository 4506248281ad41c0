package stet.merge;

/**
 * A run of lines in one text: {@code count} lines from the 0-based line {@code start}. An empty
 * range ({@code count == 0}) marks a position between lines, e.g. where a side inserted nothing
 * or deleted everything.
 */
public record LineRange(int start, int count) {

    public LineRange {
        if (start < 0 || count < 0) {
            throw new IllegalArgumentException("start and count must be >= 0: " + start + ", " + count);
        }
    }

    /** The first line after the range. */
    public int end() {
        return start + count;
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
