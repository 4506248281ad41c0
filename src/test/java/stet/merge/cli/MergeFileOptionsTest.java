package stet.merge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stet.merge.GitMergeFile;

/**
 * {@code merge-file} against git 2.39's {@code git merge-file}, option by option: for each
 * command line, on a few triples, the same exit code, the same bytes on standard output, the
 * same file left behind and the same error line. Only the usage text differs (it names stet).
 */
class MergeFileOptionsTest {

    /** Command lines; FILES stands for "yours.txt base.txt theirs.txt" where it is written. */
    private static final List<String> COMMAND_LINES = List.of(
            "-p FILES", "-p --diff3 FILES", "-p --zdiff3 FILES", "-p --ours FILES", "-p --theirs FILES",
            "-p --union FILES", "-p --union --diff3 FILES", "-p --ours --theirs FILES", "-p --theirs --no-ours FILES",
            "-p --no-ours --theirs FILES", "-p --diff3 --no-zdiff3 FILES", "-p --zdiff3 --diff3 FILES",
            "--marker-size 3 -p FILES", "--marker-size=3 -p FILES", "-p --marker-size=0 FILES",
            "-p --marker-size=-4 FILES", "-p --marker-size=+5 FILES", "-p --marker-size=2147483648 FILES",
            "-p --marker-size=12 --zdiff3 FILES", "-p --no-marker-size FILES", "-p --ma=3 FILES", "-p --m 4 FILES",
            "-p --d FILES", "-p --z FILES", "-p --u FILES", "-p --th FILES", "-p --o FILES", "-p --s FILES",
            "-pq FILES", "-qp FILES", "-q FILES", "FILES", "--ours FILES", "--no-st -p FILES", "-p --no-st FILES",
            "-p --q --no-q FILES", "FILES -p", "FILES --diff3 -p", "-p -- FILES",
            "-p -Lmine -L orig -Lsaved FILES", "-pLmine -Lorig -Lsaved --diff3 FILES", "-p -L x FILES",
            "-p -qL x FILES",
            // git's answers to wrong command lines
            "-p -L a -L b -L c -L d FILES", "-p --bogus FILES", "-p -x FILES", "-pqx FILES",
            "-p --marker-size=abc FILES", "-p --marker-size=3x FILES", "-p --marker-size= FILES",
            "-p --marker-size=0x10 FILES", "-p --stdout=1 FILES", "-p --diff3=x FILES", "-p --ours=x FILES",
            "-p --no-marker-size=3 FILES", "-p --no-no-stdout FILES", "-p --diff-algorithm=histogram FILES",
            "-p --diff-algorithm histogram FILES", "-p ---x FILES", "-p --no FILES", "-p --n FILES",
            "FILES -p --marker-size", "FILES -pL", "-p yours.txt base.txt", "-p FILES extra.txt",
            "-p -- -L FILES", "-h", "-p --help FILES", "-ph FILES",
            // file errors, with and without -q
            "-p yours.txt missing.txt theirs.txt", "-q -p yours.txt missing.txt theirs.txt",
            "-p yours.txt binary.bin theirs.txt", "-pq yours.txt binary.bin theirs.txt");

    /** base, yours, theirs: one conflict with CRLF and missing final newlines, one plain, one clean. */
    private static final List<String[]> TRIPLES = List.of(
            new String[] {"a\nb\nc\nd\ne\nf\ng\n", "a\nX\nc\nd\ne\nf\nX1\nX2", "a\nY\nc\nd\ne\nf\nY1\n"},
            new String[] {"one\r\ntwo\r\nthree\r\n", "one\r\n2\r\nthree\r\n", "one\r\nzwei\r\nthree"},
            new String[] {"p\nq\nr\ns\n", "p\nQ\nq\nR\nr\ns\n", "p\nQ\nq\nR\nr\nS\ns\n"},
            new String[] {"a\nb\nc\n", "A\nb\nC\n", "a\nb\nc\nd\n"});

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGit() {
        assumeTrue(GitMergeFile.available(), "git is not installed: skipping the comparison with git merge-file");
    }

    @Test
    void every_option_and_every_wrong_command_line_is_answered_as_git_answers_it() throws Exception {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (String line : COMMAND_LINES) {
            for (int t = 0; t < TRIPLES.size(); t++) {
                String[] args = line.replace("FILES", "yours.txt base.txt theirs.txt").split(" ");
                Outcome git = git(TRIPLES.get(t), args);
                Outcome stet = stet(TRIPLES.get(t), args);
                compared++;
                if (!git.equals(stet)) {
                    differences.add("`" + line + "` on triple " + t + ":\n  git  " + git + "\n  stet " + stet);
                }
            }
        }
        assertThat(differences).as("%d command lines compared", compared).isEmpty();
    }

    @Test
    void labels_and_file_names_are_bytes_whatever_their_encoding() throws Exception {
        byte[] latin1 = {'m', (byte) 0xE9, 'l'};
        byte[] utf8 = "sauvé ☃".getBytes(StandardCharsets.UTF_8);
        List<byte[]> args = List.of(bytes("-p"), bytes("--diff3"), bytes("-L"), latin1, concat(bytes("-L"), utf8),
                bytes("-L"), bytes(""), bytes(dir.resolve("yours.txt").toString()),
                bytes(dir.resolve("base.txt").toString()), bytes(dir.resolve("theirs.txt").toString()));
        write(TRIPLES.get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = MergeFileCommand.run(args, new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream(), true));

        // git, given the same bytes by a shell.
        Process p = new ProcessBuilder("sh", "-c",
                "exec git merge-file -p --diff3 -L \"$(printf 'm\\351l')\" -L\"$(printf 'sauv\\303\\251 \\342\\230\\203')\""
                        + " -L '' yours.txt base.txt theirs.txt")
                .directory(dir.toFile()).start();
        byte[] gitOut = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(code).isEqualTo(p.exitValue()).isEqualTo(2);
        assertThat(out.toByteArray()).isEqualTo(gitOut);
        assertThat(indexOf(gitOut, concat(bytes("<<<<<<< "), latin1, bytes("\n")))).isNotNegative();
    }

    @Test
    void under_the_c_locale_the_command_keeps_every_byte_of_its_arguments() throws Exception {
        write(TRIPLES.get(0));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String labels = "-L \"$(printf 'm\\351l')\" -L \"$(printf '\\303\\251t\\303\\251')\" -L x";
        ProcessBuilder stet = new ProcessBuilder("sh", "-c", "exec \"$0\" -cp \"$1\" stet.Main merge-file -p "
                + labels + " yours.txt base.txt theirs.txt", java, System.getProperty("java.class.path"))
                .directory(dir.toFile());
        ProcessBuilder git = new ProcessBuilder("sh", "-c", "exec git merge-file -p " + labels
                + " yours.txt base.txt theirs.txt").directory(dir.toFile());
        for (ProcessBuilder pb : List.of(stet, git)) {
            pb.environment().remove("LANG");
            pb.environment().remove("LANGUAGE");
            pb.environment().put("LC_ALL", "C");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process s = stet.start();
        byte[] stetOut = s.getInputStream().readAllBytes();
        Process g = git.start();
        byte[] gitOut = g.getInputStream().readAllBytes();
        assertThat(s.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(g.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.exitValue()).isEqualTo(g.exitValue()).isEqualTo(2);
        assertThat(new String(stetOut, StandardCharsets.ISO_8859_1)).isEqualTo(new String(gitOut, StandardCharsets.ISO_8859_1));
    }

    /** What a run leaves: exit code, standard output, the yours file, and git's error line if any. */
    private record Outcome(int exitCode, String stdout, String yours, String errorLine) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", error " + errorLine + ", stdout " + quote(stdout) + ", yours " + quote(yours);
        }

        private static String quote(String s) {
            return s.startsWith("usage: ") ? "(usage)" : "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
        }
    }

    private Outcome stet(String[] triple, String[] args) throws IOException {
        write(triple);
        String[] absolute = args.clone();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Run from the temporary directory's point of view: names relative to it, labels as typed.
        int code = MergeFileCommand.run(relative(absolute), new PrintStream(out, true), new PrintStream(err, true));
        return outcome(code, out.toByteArray(), err.toByteArray());
    }

    private Outcome git(String[] triple, String[] args) throws IOException, InterruptedException {
        write(triple);
        List<String> command = new ArrayList<>(List.of("git", "merge-file"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return outcome(p.exitValue(), out, err);
    }

    private Outcome outcome(int code, byte[] out, byte[] err) throws IOException {
        // git names the files as given; stet is given absolute names by this test.
        String stdout = new String(out, StandardCharsets.ISO_8859_1).replace(dir.toString() + "/", "");
        // The usage text names the program; compare only that there is one.
        if (stdout.startsWith("usage: ")) {
            stdout = "usage: ";
        }
        String firstErr = new String(err, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        String errorLine = firstErr.startsWith("error: ") ? firstErr.replace(dir.toString() + "/", "")
                : firstErr.startsWith("usage: ") ? "(usage)" : firstErr;
        return new Outcome(code, stdout, Files.readString(dir.resolve("yours.txt"), StandardCharsets.ISO_8859_1),
                errorLine);
    }

    /**
     * The arguments with file names made absolute (the test JVM's working directory is not the
     * temporary one) and, where no labels are given, git's labels (the names as typed) added.
     */
    private String[] relative(String[] args) {
        List<String> out = new ArrayList<>();
        boolean labelled = false;
        for (String a : args) {
            labelled |= a.startsWith("-L") || a.matches("-[pq]+L.*");
        }
        List<String> names = new ArrayList<>();
        for (String a : args) {
            boolean file = a.endsWith(".txt") || a.endsWith(".bin");
            out.add(file ? dir.resolve(a).toString() : a);
            if (file) {
                names.add(a);
            }
        }
        if (!labelled && names.size() == 3) {
            List<String> withLabels = new ArrayList<>();
            for (String n : names) {
                withLabels.add("-L");
                withLabels.add(n);
            }
            withLabels.addAll(out);
            return withLabels.toArray(String[]::new);
        }
        return out.toArray(String[]::new);
    }

    private void write(String[] triple) throws IOException {
        Files.writeString(dir.resolve("base.txt"), triple[0]);
        Files.writeString(dir.resolve("yours.txt"), triple[1]);
        Files.writeString(dir.resolve("theirs.txt"), triple[2]);
        Files.write(dir.resolve("binary.bin"), new byte[] {'a', 0, 'b', '\n'});
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
