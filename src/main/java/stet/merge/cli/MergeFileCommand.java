package stet.merge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import stet.merge.LineMerge;
import stet.merge.LineMergeOptions;
import stet.merge.LineMergeResult;
import stet.merge.MergeFormatter;
import stet.merge.TextTooLargeException;

/**
 * {@code stet merge-file [options] [-L name]... YOURS BASE THEIRS}: merges three files the way
 * git 2.39's {@code git merge-file} does, for scripts, with the same options: {@code -p}
 * ({@code --stdout}), {@code --diff3}, {@code --zdiff3}, {@code --ours}, {@code --theirs},
 * {@code --union}, {@code --marker-size N}, {@code -q}, {@code -L} (see
 * {@link MergeFileArguments} for how they are read). Writes the result over YOURS, or to
 * standard output with {@code -p}. Exits with the number of conflicts, capped at 127 as git caps
 * it (0 with {@code --ours}, {@code --theirs} or {@code --union}, which settle every conflict);
 * 129 for a wrong command line and 255 for other errors (an unreadable, binary or too large
 * file), with git's message on standard error unless {@code -q}.
 *
 * <p>Files, labels and arguments are bytes: each byte is one ISO-8859-1 char inside, written
 * back the same way, so any encoding round-trips and the output can be compared with git's byte
 * for byte, whatever the locale.
 */
public final class MergeFileCommand {

    /** Exit code for a wrong command line, as git's option parser uses. */
    static final int USAGE = 129;
    /** Exit code for any other failure, as git's {@code error()} return becomes. */
    static final int FAILURE = 255;
    /** Longer markers are refused: git would try to write gigabytes of them. */
    static final int MAX_MARKER_SIZE = 1 << 20;

    private static final String USAGE_TEXT =
            "usage: stet merge-file [<options>] [-L <name1> [-L <orig> [-L <name2>]]] <file1> <orig-file> <file2>\n"
            + "\n"
            + "    -p, --stdout          send results to standard output\n"
            + "    --diff3               use a diff3 based merge\n"
            + "    --zdiff3              use a zealous diff3 based merge\n"
            + "    --ours                for conflicts, use our version\n"
            + "    --theirs              for conflicts, use their version\n"
            + "    --union               for conflicts, use a union version\n"
            + "    --marker-size <n>     for conflicts, use this marker size\n"
            + "    -q, --quiet           do not warn about conflicts\n"
            + "    -L <name>             set labels for file1/orig-file/file2\n";

    private MergeFileCommand() {
    }

    /**
     * Runs the command with arguments given as Java strings, each taken as its UTF-8 bytes.
     *
     * @param args the arguments after {@code merge-file}
     * @return the exit code: the number of conflicts (at most 127), or above 127 on error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<byte[]> bytes = new ArrayList<>(args.length);
        for (String a : args) {
            bytes.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return run(bytes, out, err);
    }

    /**
     * Runs the command with arguments given as the bytes the shell passed.
     *
     * @param args the arguments after {@code merge-file}
     * @return the exit code: the number of conflicts (at most 127), or above 127 on error
     */
    public static int run(List<byte[]> args, PrintStream out, PrintStream err) {
        String[] chars = new String[args.size()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = new String(args.get(i), StandardCharsets.ISO_8859_1);
        }
        // Java 17 has no switch over sealed types; the chain ends in a throw, never in a fall-through.
        MergeFileArguments.Parsed parsed = MergeFileArguments.parse(chars);
        if (parsed instanceof MergeFileArguments.Merge m) {
            return merge(m, out, m.quiet() ? nowhere() : err);
        } else if (parsed instanceof MergeFileArguments.Usage u) {
            if (u.error() != null) {
                err.println("error: " + u.error());
            }
            (u.usageOnStdout() ? out : err).print(USAGE_TEXT);
            return USAGE;
        } else if (parsed instanceof MergeFileArguments.Help) {
            out.print(USAGE_TEXT);
            out.flush();
            return USAGE;
        }
        throw new IllegalStateException("unhandled command line outcome: " + parsed);
    }

    /**
     * The arguments as the bytes the shell passed: on Linux, read back from
     * {@code /proc/self/cmdline}, since the JVM has already decoded {@code args} with the locale's
     * charset and lost what it could not decode (every non-ASCII byte under {@code LC_ALL=C}).
     * Elsewhere, or when that file does not end with these arguments, the strings encoded back
     * with the same charset.
     *
     * @param args the program's arguments, ending with the ones wanted
     * @param count how many arguments, from the end, to return
     */
    public static List<byte[]> rawArguments(String[] args, int count) {
        Charset platform = platformCharset();
        List<byte[]> fromStrings = new ArrayList<>(count);
        for (int i = args.length - count; i < args.length; i++) {
            fromStrings.add(args[i].getBytes(platform));
        }
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return fromStrings;
        }
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (entries.size() < args.length) {
            return fromStrings;
        }
        List<byte[]> tail = entries.subList(entries.size() - args.length, entries.size());
        for (int i = 0; i < args.length; i++) {
            // Same arguments if every one that decodes cleanly decodes to what the JVM gave.
            String decoded = new String(tail.get(i), platform);
            if (Arrays.equals(decoded.getBytes(platform), tail.get(i)) && !decoded.equals(args[i])) {
                return fromStrings;
            }
        }
        return List.copyOf(tail.subList(args.length - count, args.length));
    }

    private static int merge(MergeFileArguments.Merge m, PrintStream out, PrintStream err) {
        if (m.markerSize() > MAX_MARKER_SIZE) {
            err.println("error: marker size " + m.markerSize() + " is too large (at most " + MAX_MARKER_SIZE + ")");
            return FAILURE;
        }
        String[] texts = new String[3];
        for (int i = 0; i < 3; i++) {
            String name = m.files().get(i);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path(name));
            } catch (IOException | InvalidPathException e) {
                err.println("error: Could not stat " + name + ": " + describe(e));
                return FAILURE;
            }
            if (isBinary(bytes)) {
                err.println("error: Cannot merge binary files: " + name);
                return FAILURE;
            }
            texts[i] = new String(bytes, StandardCharsets.ISO_8859_1);
        }

        LineMergeResult result;
        try {
            result = LineMerge.merge(texts[1], texts[0], texts[2], new LineMergeOptions(m.conflicts()));
        } catch (TextTooLargeException e) {
            err.println("error: Cannot merge: " + e.getMessage());
            return FAILURE;
        }
        String merged;
        if (m.favor() != null) {
            merged = MergeFormatter.resolve(result, m.favor());
        } else {
            MergeFormatter formatter = new MergeFormatter(
                    m.conflicts() == LineMergeOptions.Conflicts.REFINED
                            ? MergeFormatter.Style.MERGE : MergeFormatter.Style.DIFF3,
                    new MergeFormatter.Labels(label(m, 0), label(m, 1), label(m, 2)),
                    m.markerSize() > 0 ? m.markerSize() : 7);
            merged = formatter.format(result);
        }
        byte[] bytes = merged.getBytes(StandardCharsets.ISO_8859_1);

        if (m.toStdout()) {
            out.write(bytes, 0, bytes.length);
            out.flush();
            if (out.checkError()) {
                err.println("error: could not write the merge to standard output");
                return FAILURE;
            }
        } else {
            try {
                Files.write(path(m.files().get(0)), bytes);
            } catch (IOException | InvalidPathException e) {
                err.println("error: Could not open " + m.files().get(0) + " for writing: " + describe(e));
                return FAILURE;
            }
        }
        // Settled conflicts are not counted, as git counts only those left in the output.
        return m.favor() != null ? 0 : Math.min(result.conflictCount(), 127);
    }

    /** The label of section i: the -L label, else the file name, as given (bytes in chars, like the texts). */
    private static String label(MergeFileArguments.Merge m, int i) {
        return i < m.labels().size() ? m.labels().get(i) : m.files().get(i);
    }

    /**
     * A file name's bytes as a path. Java can only name files in the platform's charset, so a
     * name it cannot decode there (any non-ASCII name under {@code LC_ALL=C}) cannot be opened;
     * the error says so.
     */
    private static Path path(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        Charset platform = platformCharset();
        String decoded = new String(bytes, platform);
        if (!Arrays.equals(decoded.getBytes(platform), bytes)) {
            throw new InvalidPathException(name, "the name is not valid in the file name encoding "
                    + platform.name() + " (use a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
        }
        return Path.of(decoded);
    }

    /** The charset the JVM uses for file names and arguments (the locale's). */
    private static Charset platformCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
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
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof InvalidPathException ip) {
            return ip.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Where {@code -q} sends messages: nowhere, as git reopens stderr on /dev/null. */
    private static PrintStream nowhere() {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    }
}
