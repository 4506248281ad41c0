package stet.merge;

import java.util.Objects;

/**
 * Writes a {@link LineMergeResult} as text with conflict markers, in git's format: a conflict
 * becomes
 *
 * <pre>
 * &lt;&lt;&lt;&lt;&lt;&lt;&lt; yours
 * (yours' lines)
 * ||||||| original        (DIFF3 style only)
 * (base lines)            (DIFF3 style only)
 * =======
 * (theirs' lines)
 * &gt;&gt;&gt;&gt;&gt;&gt;&gt; theirs
 * </pre>
 *
 * and everything else is the merged text. As git does, a side whose last line has no line
 * ending gets one before the next marker, and markers end in CRLF when the surrounding lines
 * do, so a result rendered with git's labels is byte-identical to {@code git merge-file}'s.
 *
 * @param style      MERGE (git's default) or DIFF3 (adds the base section)
 * @param labels     names written after the markers; a null name writes the bare marker
 * @param markerSize length of each marker run (git's default is 7)
 */
public record MergeFormatter(Style style, Labels labels, int markerSize) {

    /** Which sections a conflict shows. */
    public enum Style {
        /** yours and theirs, as {@code git merge-file}. */
        MERGE,
        /** yours, base and theirs, as {@code git merge-file --diff3}. */
        DIFF3
    }

    /** The names written after the {@code <<<<<<<}, {@code |||||||} and {@code >>>>>>>} markers. */
    public record Labels(String yours, String base, String theirs) {
        public static final Labels DEFAULT = new Labels("yours", "original", "theirs");
    }

    /** DIFF3 style labelled yours / original / theirs: what the app and the API show. */
    public static final MergeFormatter DEFAULT = new MergeFormatter(Style.DIFF3, Labels.DEFAULT, 7);

    public MergeFormatter {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(labels, "labels");
        if (markerSize < 1) {
            throw new IllegalArgumentException("markerSize must be positive: " + markerSize);
        }
    }

    public MergeFormatter withStyle(Style newStyle) {
        return new MergeFormatter(newStyle, labels, markerSize);
    }

    public MergeFormatter withLabels(Labels newLabels) {
        return new MergeFormatter(style, newLabels, markerSize);
    }

    /** How {@link #resolve} settles every conflict, as git's {@code --ours}, {@code --theirs}, {@code --union}. */
    public enum Favor {
        /** Yours' lines. */
        YOURS,
        /** Theirs' lines. */
        THEIRS,
        /** Yours' lines, then theirs' (a missing final line ending supplied in between). */
        UNION
    }

    /**
     * The merged text with every conflict settled in favour of one side, or both, without
     * markers: byte for byte what {@code git merge-file --ours|--theirs|--union} writes. Only the
     * formatter's line-ending rules apply; its style, labels and marker size do not.
     */
    public static String resolve(LineMergeResult result, Favor favor) {
        Objects.requireNonNull(favor, "favor");
        Texts texts = result.texts();
        StringBuilder sb = new StringBuilder(texts.yours().length() + 64);
        for (MergeHunk h : result.hunks()) {
            if (!h.isConflict()) {
                LineMergeResult.appendMerged(sb, h);
                continue;
            }
            switch (favor) {
                case YOURS -> h.appendTo(sb, Side.YOURS);
                case THEIRS -> h.appendTo(sb, Side.THEIRS);
                case UNION -> {
                    // git supplies yours' missing line ending only when theirs follows it.
                    side(sb, texts.yoursLines(), h.yours(), crNeeded(texts, h.yours().start(), h.theirs().start()));
                    h.appendTo(sb, Side.THEIRS);
                }
            }
        }
        return sb.toString();
    }

    /** The merged text with every conflict written out between markers. */
    public String format(LineMergeResult result) {
        Texts texts = result.texts();
        StringBuilder sb = new StringBuilder(texts.yours().length() + 64);
        for (MergeHunk h : result.hunks()) {
            if (!h.isConflict()) {
                LineMergeResult.appendMerged(sb, h);
                continue;
            }
            boolean crlf = crNeeded(texts, h.yours().start(), h.theirs().start());
            marker(sb, '<', labels.yours(), crlf);
            side(sb, texts.yoursLines(), h.yours(), crlf);
            if (style == Style.DIFF3) {
                marker(sb, '|', labels.base(), crlf);
                side(sb, texts.baseLines(), h.base(), crlf);
            }
            marker(sb, '=', null, crlf);
            side(sb, texts.theirsLines(), h.theirs(), crlf);
            marker(sb, '>', labels.theirs(), crlf);
        }
        return sb.toString();
    }

    private void marker(StringBuilder sb, char c, String label, boolean crlf) {
        sb.append(String.valueOf(c).repeat(markerSize));
        if (label != null) {
            sb.append(' ').append(label);
        }
        sb.append(crlf ? "\r\n" : "\n");
    }

    /** A side's lines; a missing final line ending is supplied so the next marker starts a line. */
    private static void side(StringBuilder sb, String[] lines, LineRange r, boolean crlf) {
        if (r.count() < 1) {
            return;
        }
        for (int i = r.start(); i < r.end(); i++) {
            sb.append(lines[i]);
        }
        String last = lines[r.end() - 1];
        if (last.isEmpty() || last.charAt(last.length() - 1) != '\n') {
            sb.append(crlf ? "\r\n" : "\n");
        }
    }

    /**
     * git's {@code is_cr_needed}: markers use CRLF when the lines before the conflict in yours
     * and in theirs, and the base's first line, all end in CRLF (undecidable ones don't veto).
     */
    private static boolean crNeeded(Texts texts, int yoursStart, int theirsStart) {
        int needs = eolCrlf(texts.yoursLines(), yoursStart > 0 ? yoursStart - 1 : 0);
        if (needs != 0) {
            needs = eolCrlf(texts.theirsLines(), theirsStart > 0 ? theirsStart - 1 : 0);
        }
        if (needs != 0) {
            needs = eolCrlf(texts.baseLines(), 0);
        }
        return needs > 0;
    }

    /** 1 if line i ends in CRLF (for an unterminated last line: the line before), 0 if LF, -1 if unknown. */
    private static int eolCrlf(String[] lines, int i) {
        int n = lines.length;
        if (i < n - 1) {
            return endsCrlf(lines[i]) ? 1 : 0;
        }
        if (n == 0) {
            return -1;
        }
        String line = lines[i];
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\n') {
            return endsCrlf(line) ? 1 : 0;
        }
        if (i == 0) {
            return -1;
        }
        return endsCrlf(lines[i - 1]) ? 1 : 0;
    }

    private static boolean endsCrlf(String line) {
        int size = line.length();
        return size > 1 && line.charAt(size - 2) == '\r';
    }
}
