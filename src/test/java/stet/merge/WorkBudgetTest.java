package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge's result depends on its inputs only: its work is bounded by a count of search steps,
 * never by the clock, so a machine's load cannot change it; and texts over the ceiling are
 * refused before any work, with a message that says so.
 */
class WorkBudgetTest {

    private static final MergeFormatter GIT_STYLE = new MergeFormatter(MergeFormatter.Style.MERGE,
            new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7);

    @TempDir
    Path dir;

    /**
     * 60,000 lines from a pool of 50: every line has many matches, so the diff searches for
     * seconds (it spends about 86 million steps, inside its budget of 500 per line). Two merges
     * run at once while two more threads keep both cores busy.
     */
    @Test
    void a_long_merge_under_load_gives_gits_result_every_time() throws Exception {
        assumeTrue(GitMergeFile.available(), "git is not installed: skipping the comparison with git merge-file");
        LargeTriples.Triple t = LargeTriples.pooled(60_000, 50, 60_000L * 31);
        int merges = 2;
        int burners = 2;
        CyclicBarrier start = new CyclicBarrier(merges + burners);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(merges + burners);
        try {
            List<Future<LineMergeResult>> results = new ArrayList<>();
            for (int i = 0; i < merges; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return LineMerge.merge(t.base(), t.yours(), t.theirs());
                }));
            }
            for (int i = 0; i < burners; i++) {
                pool.submit(() -> {
                    start.await();
                    long spin = 0;
                    while (!done.get()) {
                        spin++;
                    }
                    return spin;
                });
            }
            List<String> outputs = new ArrayList<>();
            for (Future<LineMergeResult> f : results) {
                LineMergeResult r = f.get(10, TimeUnit.MINUTES);
                assertThat(r.workBudgetReached()).isFalse();
                outputs.add(GIT_STYLE.format(r));
            }
            done.set(true);

            GitMergeFile.Output git = GitMergeFile.run(dir, t.base(), t.yours(), t.theirs());
            assertThat(git.exitCode()).isEqualTo(127);
            assertThat(outputs).allSatisfy(o -> assertThat(o).isEqualTo(git.text()));
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void past_its_work_budget_a_merge_still_aligns_what_it_can_the_same_way_every_time() {
        LargeTriples.Triple t = LargeTriples.pooled(5_000, 200, 5_000L * 31 + 200);
        LineMergeResult full = LineMerge.merge(t.base(), t.yours(), t.theirs());
        LineMergeResult cut = LineMerge.merge(t.base(), t.yours(), t.theirs(), LineMergeOptions.DEFAULT,
                Work.of(2_000_000));
        LineMergeResult again = LineMerge.merge(t.base(), t.yours(), t.theirs(), LineMergeOptions.DEFAULT,
                Work.of(2_000_000));

        assertThat(full.workBudgetReached()).isFalse();
        assertThat(cut.workBudgetReached()).isTrue();
        assertThat(GIT_STYLE.format(again)).isEqualTo(GIT_STYLE.format(cut));
        assertThat(again.hunks()).extracting(MergeHunk::kind).isEqualTo(cut.hunks().stream().map(MergeHunk::kind).toList());
        // Not one whole-text conflict: the alignment found before the budget ran out is kept.
        assertThat(cut.hunks().size()).isGreaterThan(20);
        assertThat(cut.hunks()).anyMatch(h -> h.kind() == MergeHunk.Kind.UNCHANGED);
        // Still a valid merge: the hunks tile all three texts, conflicts keep both sides.
        for (Side side : Side.values()) {
            StringBuilder joined = new StringBuilder();
            for (MergeHunk h : cut.hunks()) {
                joined.append(h.text(side));
            }
            assertThat(joined.toString()).isEqualTo(cut.text(side));
        }
        Set<String> inputLines = new HashSet<>();
        for (Side side : Side.values()) {
            inputLines.addAll(cut.lines(side));
        }
        assertThat(Texts.split(cut.proposal())).allMatch(l -> inputLines.contains(l) || l.startsWith("<<<<<<< ")
                || l.startsWith("||||||| ") || l.equals("=======\n") || l.startsWith(">>>>>>> "));
    }

    @Test
    void a_text_over_the_line_ceiling_is_refused_with_a_clear_message() {
        String tooLong = "x\n".repeat(LineMerge.MAX_LINES + 1);
        assertThatThrownBy(() -> LineMerge.merge("a\n", "b\n", tooLong))
                .isInstanceOf(TextTooLargeException.class)
                .hasMessage("the theirs text is too large to merge: more than 2000000 lines");
        // Exactly at the ceiling is allowed.
        String longest = "x\n".repeat(LineMerge.MAX_LINES);
        assertThat(LineMerge.merge(longest, longest, longest).mergedText()).hasValue(longest);
    }

    @Test
    void a_text_over_the_character_ceiling_is_refused_with_a_clear_message() {
        String wide = "y".repeat(LineMerge.MAX_CHARS + 1);
        assertThatThrownBy(() -> LineMerge.merge(wide, "b\n", "c\n"))
                .isInstanceOf(TextTooLargeException.class)
                .hasMessage("the base text is too large to merge: 67108865 characters, at most 67108864");
    }
}
