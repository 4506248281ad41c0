package stet.merge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import stet.merge.LineMerge;
import stet.merge.LineMergeOptions;
import stet.merge.LineMergeResult;
import stet.merge.MergeFormatter;

/**
 * {@code stet merge-file [-p] [--diff3] [-L name]... YOURS BASE THEIRS}: merges three files the
 * way {@code git merge-file} does, for scripts. Writes the result over YOURS, or to standard
 * output with {@code -p}; conflicts are written between markers labelled with the file names
 * (or the {@code -L} labels), {@code --diff3} adds the base section. Exits with the number of
 * conflicts, capped at 127 as git caps it; 129 for a usage error and 255 for other errors
 * (unreadable or binary file), with a message on standard error.
 *
 * <p>Files are merged as bytes: each byte is read as one ISO-8859-1 char and written back the
 * same way, so any encoding round-trips and the output can be compared with git's byte for byte.
 */
public final class MergeFileCommand {

    /** Exit code for a wrong command line, as git's option parser uses. */
    static final int USAGE = 129;
    /** Exit code for any other failure, as git's {@code error()} return becomes. */
    static final int FAILURE = 255;

    private static final String USAGE_TEXT =
            "usage: stet merge-file [-p | --stdout] [--diff3] [--marker-size=<n>] [-q]\n"
            + "                       [-L <name1> [-L <orig> [-L <name2>]]] <yours> <base> <theirs>";

    private MergeFileCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code merge-file}
     * @return the exit code: the number of conflicts (at most 127), or above 127 on error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean toStdout = false;
        boolean diff3 = false;
        int markerSize = 7;
        List<String> labels = new ArrayList<>(3);
        List<String> files = new ArrayList<>(3);
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                files.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.equals("-p") || a.equals("--stdout")) {
                toStdout = true;
            } else if (a.equals("--diff3")) {
                diff3 = true;
            } else if (a.equals("-q") || a.equals("--quiet")) {
                // Nothing to silence: like git, conflicts are reported by the exit code only.
            } else if (a.startsWith("--marker-size=")) {
                try {
                    markerSize = Integer.parseInt(a.substring("--marker-size=".length()));
                } catch (NumberFormatException e) {
                    return usage(err, "invalid marker size: " + a);
                }
                if (markerSize < 1) {
                    markerSize = 7; // git falls back to the default for sizes <= 0
                }
            } else if (a.equals("-L") || (a.startsWith("-L") && a.length() > 2)) {
                String label = a.length() > 2 ? a.substring(2) : (i + 1 < args.length ? args[++i] : null);
                if (label == null) {
                    return usage(err, "-L needs a label");
                }
                if (labels.size() == 3) {
                    return usage(err, "too many labels on the command line");
                }
                labels.add(label);
            } else {
                return usage(err, "unknown option: " + a);
            }
        }
        if (files.size() != 3) {
            return usage(err, "expected three files, got " + files.size());
        }

        String[] texts = new String[3];
        for (int i = 0; i < 3; i++) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(files.get(i)));
            } catch (IOException | RuntimeException e) {
                err.println("error: could not read " + files.get(i) + ": " + describe(e));
                return FAILURE;
            }
            if (isBinary(bytes)) {
                err.println("error: Cannot merge binary files: " + files.get(i));
                return FAILURE;
            }
            texts[i] = new String(bytes, StandardCharsets.ISO_8859_1);
        }

        // No time budget: a script asked for this merge and can wait, as it would for git.
        LineMergeOptions options = new LineMergeOptions(!diff3, Duration.ofSeconds(Long.MAX_VALUE));
        LineMergeResult result = LineMerge.merge(texts[1], texts[0], texts[2], options);
        MergeFormatter formatter = new MergeFormatter(
                diff3 ? MergeFormatter.Style.DIFF3 : MergeFormatter.Style.MERGE,
                new MergeFormatter.Labels(label(labels, 0, files), label(labels, 1, files), label(labels, 2, files)),
                markerSize);
        byte[] merged = formatter.format(result).getBytes(StandardCharsets.ISO_8859_1);

        if (toStdout) {
            out.write(merged, 0, merged.length);
            out.flush();
            if (out.checkError()) {
                err.println("error: could not write the merge to standard output");
                return FAILURE;
            }
        } else {
            try {
                Files.write(Path.of(files.get(0)), merged);
            } catch (IOException | RuntimeException e) {
                err.println("error: could not write " + files.get(0) + ": " + describe(e));
                return FAILURE;
            }
        }
        return Math.min(result.conflictCount(), 127);
    }

    /** A label as bytes-in-chars: the name's UTF-8 bytes, one ISO-8859-1 char each, like the texts. */
    private static String label(List<String> labels, int i, List<String> files) {
        String name = i < labels.size() ? labels.get(i) : files.get(i);
        return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** git's {@code buffer_is_binary}: a NUL byte in the first 8000 bytes. */
    private static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8000);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
