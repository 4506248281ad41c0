package stet.merge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stet.merge.GitMergeFile;

class MergeFileCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void clean_merge_is_printed_with_p_and_exits_zero() throws IOException {
        files("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n");
        assertThat(run("-p", "yours.txt", "base.txt", "theirs.txt")).isZero();
        assertThat(out()).isEqualTo("A\nb\nC\n");
        assertThat(read("yours.txt")).isEqualTo("A\nb\nc\n");
    }

    @Test
    void without_p_the_merge_overwrites_yours() throws IOException {
        files("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n");
        assertThat(run("yours.txt", "base.txt", "theirs.txt")).isZero();
        assertThat(out()).isEmpty();
        assertThat(read("yours.txt")).isEqualTo("A\nb\nC\n");
    }

    @Test
    void conflicts_are_marked_with_the_file_names_and_counted_in_the_exit_code() throws IOException {
        files("a\nb\nc\nd\ne\nf\ng\n", "X\nb\nc\nd\ne\nf\nX\n", "Y\nb\nc\nd\ne\nf\nY\n");
        assertThat(run("-p", "yours.txt", "base.txt", "theirs.txt")).isEqualTo(2);
        assertThat(out()).isEqualTo("<<<<<<< yours.txt\nX\n=======\nY\n>>>>>>> theirs.txt\nb\nc\nd\ne\nf\n"
                + "<<<<<<< yours.txt\nX\n=======\nY\n>>>>>>> theirs.txt\n");
    }

    @Test
    void diff3_adds_the_base_section_labelled_with_the_base_file_name() throws IOException {
        files("a\nb\n", "a\nX\n", "a\nY\n");
        assertThat(run("-p", "--diff3", "yours.txt", "base.txt", "theirs.txt")).isEqualTo(1);
        assertThat(out()).isEqualTo("a\n<<<<<<< yours.txt\nX\n||||||| base.txt\nb\n=======\nY\n>>>>>>> theirs.txt\n");
    }

    @Test
    void labels_given_with_L_replace_the_file_names() throws IOException {
        files("b\n", "X\n", "Y\n");
        assertThat(run("-p", "-L", "mine", "-L", "orig", "-L", "saved", "--diff3",
                "yours.txt", "base.txt", "theirs.txt")).isEqualTo(1);
        assertThat(out()).isEqualTo("<<<<<<< mine\nX\n||||||| orig\nb\n=======\nY\n>>>>>>> saved\n");
    }

    @Test
    void exit_code_is_capped_at_127_conflicts() throws IOException {
        StringBuilder base = new StringBuilder();
        StringBuilder yours = new StringBuilder();
        StringBuilder theirs = new StringBuilder();
        for (int i = 0; i < 130; i++) {
            base.append("b").append(i).append("\nsame ").append(i).append("\n1\n2\n3\n");
            yours.append("y").append(i).append("\nsame ").append(i).append("\n1\n2\n3\n");
            theirs.append("t").append(i).append("\nsame ").append(i).append("\n1\n2\n3\n");
        }
        files(base.toString(), yours.toString(), theirs.toString());
        assertThat(run("-p", "yours.txt", "base.txt", "theirs.txt")).isEqualTo(127);
    }

    @Test
    void unreadable_file_is_an_error_above_127_with_a_message() throws IOException {
        files("a\n", "a\n", "a\n");
        int code = run("-p", "yours.txt", "missing.txt", "theirs.txt");
        assertThat(code).isGreaterThan(127);
        assertThat(err()).contains("missing.txt");
    }

    @Test
    void binary_file_is_refused() throws IOException {
        files("a\n", "a\u0000b\n", "a\n");
        assertThat(run("-p", "yours.txt", "base.txt", "theirs.txt")).isGreaterThan(127);
        assertThat(err()).contains("Cannot merge binary files:").contains("yours.txt");
    }

    @Test
    void wrong_usage_prints_the_usage_and_exits_129() {
        assertThat(run("-p", "only-one")).isEqualTo(129);
        assertThat(err()).contains("usage: stet merge-file");
        assertThat(run("--bogus", "a", "b", "c")).isEqualTo(129);
    }

    @Test
    void bytes_that_are_not_utf8_pass_through_unchanged() throws IOException {
        Files.write(dir.resolve("base.txt"), new byte[] {'a', '\n', (byte) 0xE9, '\n', 'c', '\n'});
        Files.write(dir.resolve("yours.txt"), new byte[] {'A', '\n', (byte) 0xE9, '\n', 'c', '\n'});
        Files.write(dir.resolve("theirs.txt"), new byte[] {'a', '\n', (byte) 0xE9, '\n', (byte) 0xFF, '\n'});
        assertThat(run("-p", "yours.txt", "base.txt", "theirs.txt")).isZero();
        assertThat(out.toByteArray()).containsExactly('A', '\n', (byte) 0xE9, '\n', (byte) 0xFF, '\n');
    }

    @Test
    void output_and_exit_code_match_git_merge_file_on_random_triples() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(GitMergeFile.available(),
                "git is not installed: skipping the comparison with git merge-file");
        java.util.Random random = new java.util.Random(99);
        String[] pool = {"a", "b", "c", "d", "", "}", "x y", "--", "\u00e9t\u00e9"};
        int identical = 0;
        int total = 120;
        for (int i = 0; i < total; i++) {
            String base = randomText(random, pool, null);
            files(base, randomText(random, pool, base), randomText(random, pool, base));
            String[] mode = random.nextBoolean() ? new String[] {"-p"} : new String[] {"-p", "--diff3"};
            List<String> args = new ArrayList<>(List.of(mode));
            args.addAll(List.of("yours.txt", "base.txt", "theirs.txt"));
            out.reset();
            int code = run(args.toArray(String[]::new));
            List<String> git = new ArrayList<>(List.of("git", "merge-file"));
            git.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(git).directory(dir.toFile());
            pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
            pb.environment().put("HOME", dir.toString());
            Process p = pb.start();
            byte[] gitOut = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(code).as("exit code of triple %d", i).isEqualTo(p.exitValue());
            if (java.util.Arrays.equals(gitOut, out.toByteArray())) {
                identical++;
            }
        }
        assertThat(identical).isEqualTo(total);
    }

    private static String randomText(java.util.Random random, String[] pool, String base) {
        List<String> lines = new ArrayList<>();
        if (base == null) {
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                lines.add(pool[random.nextInt(pool.length)]);
            }
        } else {
            for (String l : base.isEmpty() ? new String[0] : base.split("\n")) {
                int op = random.nextInt(6);
                if (op == 0) {
                    continue;
                }
                lines.add(op == 1 ? pool[random.nextInt(pool.length)] : l);
                if (op == 2) {
                    lines.add(pool[random.nextInt(pool.length)]);
                }
            }
        }
        String text = String.join("\n", lines);
        return text.isEmpty() || random.nextInt(5) == 0 ? text : text + "\n";
    }


    private int run(String... args) {
        String[] absolute = args.clone();
        for (int i = 0; i < absolute.length; i++) {
            if (absolute[i].endsWith(".txt")) {
                absolute[i] = dir.resolve(absolute[i]).toString();
            }
        }
        // Labels are the names as given; run from the temp dir's point of view by relabelling.
        return MergeFileCommand.run(relabel(args, absolute), new PrintStream(out, true), new PrintStream(err, true));
    }

    /** Passes absolute paths but keeps git's labels (the names as typed) with -L. */
    private static String[] relabel(String[] typed, String[] absolute) {
        List<String> names = new ArrayList<>();
        boolean hasLabels = false;
        for (String a : typed) {
            hasLabels |= a.equals("-L");
            if (a.endsWith(".txt")) {
                names.add(a);
            }
        }
        if (hasLabels || names.size() != 3) {
            return absolute;
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add("-L");
            out.add(n);
        }
        out.addAll(List.of(absolute));
        return out.toArray(String[]::new);
    }

    private void files(String base, String yours, String theirs) throws IOException {
        Files.writeString(dir.resolve("base.txt"), base);
        Files.writeString(dir.resolve("yours.txt"), yours);
        Files.writeString(dir.resolve("theirs.txt"), theirs);
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
