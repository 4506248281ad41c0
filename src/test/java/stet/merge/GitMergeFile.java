package stet.merge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git merge-file -p} on three texts, isolated from any user or system git
 * configuration (a {@code merge.conflictStyle} setting would change its output).
 */
public final class GitMergeFile {

    record Output(String text, int exitCode) {
    }

    private GitMergeFile() {
    }

    /** Whether {@code git} can be run here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes yours.txt, base.txt and theirs.txt in {@code dir} and merges them there. */
    static Output run(Path dir, String base, String yours, String theirs, String... options)
            throws IOException, InterruptedException {
        write(dir.resolve("base.txt"), base);
        write(dir.resolve("yours.txt"), yours);
        write(dir.resolve("theirs.txt"), theirs);
        List<String> command = new ArrayList<>(List.of("git", "merge-file", "-p"));
        command.addAll(List.of(options));
        command.addAll(List.of("yours.txt", "base.txt", "theirs.txt"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("HOME", dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("git merge-file did not finish");
        }
        return new Output(new String(out, StandardCharsets.UTF_8), p.exitValue());
    }

    static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
