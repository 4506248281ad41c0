package stet.merge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import stet.merge.LargeTriples;
import stet.merge.LineMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeFormatter;

/**
 * stet's line merge against {@code git merge-file -p} on the same generated triples (see
 * {@link LargeTriples} for the four variants). {@code stet} times the merge and the rendering
 * of its output text in a warm JVM; {@code git} times the whole git process, start to exit, as a
 * script would see it. Sample mode, so JMH reports the median (p0.50). docs/benchmarks.md has
 * the command and the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MergeBenchmark {

    @Param({"1000", "10000", "100000"})
    public int lines;

    @Param({"SCATTERED", "OVERLAPPING", "HEAVY", "REWRITE"})
    public LargeTriples.Variant variant;

    private LargeTriples.Triple triple;
    private Path dir;
    private final MergeFormatter formatter = new MergeFormatter(MergeFormatter.Style.MERGE,
            new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7);

    @Setup
    public void setUp() throws IOException, InterruptedException {
        triple = LargeTriples.generate(variant, lines, 2024L);
        dir = Files.createTempDirectory("stet-merge-bench");
        Files.write(dir.resolve("base.txt"), triple.base().getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("yours.txt"), triple.yours().getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("theirs.txt"), triple.theirs().getBytes(StandardCharsets.UTF_8));
        // Same verdict, same bytes: the two benchmarks must measure the same work.
        String ours = stet();
        String git = runGit(true);
        if (!ours.equals(git)) {
            throw new IllegalStateException("stet and git disagree on " + variant + " " + lines);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        for (String f : new String[] {"base.txt", "yours.txt", "theirs.txt"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public String stet() {
        LineMergeResult r = LineMerge.merge(triple.base(), triple.yours(), triple.theirs());
        return formatter.format(r);
    }

    @Benchmark
    public String git() throws IOException, InterruptedException {
        return runGit(false);
    }

    private String runGit(boolean capture) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("git", "merge-file", "-p", "yours.txt", "base.txt", "theirs.txt")
                .directory(dir.toFile());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        if (!capture) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        String out = capture ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        p.waitFor();
        return out;
    }
}
