package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git comparison on large inputs, where xdiff's cost cut-offs and its discarding of
 * unmatched lines come into play (they never do on small texts): same conflict count and the
 * same bytes as {@code git merge-file -p}, clean or not.
 */
class LargeGitAgreementTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGit() {
        assumeTrue(GitMergeFile.available(),
                "git is not installed: skipping the comparison with git merge-file");
    }

    @ParameterizedTest(name = "{0} with {1} lines")
    @CsvSource({
        "SCATTERED, 3000", "OVERLAPPING, 3000", "HEAVY, 3000", "REWRITE, 3000",
        "SCATTERED, 20000", "OVERLAPPING, 20000", "HEAVY, 20000", "REWRITE, 20000",
    })
    void large_merges_match_git_byte_for_byte(LargeTriples.Variant variant, int lines) throws Exception {
        LargeTriples.Triple t = LargeTriples.generate(variant, lines, 42L + lines);
        MergeFormatter gitStyle = new MergeFormatter(MergeFormatter.Style.MERGE,
                new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7);

        assertSameAsGit(t, gitStyle);
    }

    @ParameterizedTest(name = "{0} lines from a pool of {1}")
    @CsvSource({"2000, 20", "5000, 200", "20000, 50", "20000, 2000"})
    void searches_long_enough_to_hit_xdiff_cost_cutoffs_still_match_git(int lines, int pool) throws Exception {
        LargeTriples.Triple t = LargeTriples.pooled(lines, pool, lines * 31L + pool);
        assertSameAsGit(t, new MergeFormatter(MergeFormatter.Style.MERGE,
                new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7));
    }

    @ParameterizedTest(name = "{0} lines from a pool of {1}, unchanged runs up to {2}")
    @CsvSource({"20000, 100, 60", "20000, 30, 120", "50000, 1000, 80"})
    void long_snakes_inside_expensive_boxes_take_xdiffs_shortcut_as_git_does(int lines, int pool, int keep)
            throws Exception {
        LargeTriples.Triple t = LargeTriples.pooled(lines, pool, keep, lines * 17L + pool + keep);
        assertSameAsGit(t, new MergeFormatter(MergeFormatter.Style.MERGE,
                new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7));
    }

    private void assertSameAsGit(LargeTriples.Triple t, MergeFormatter gitStyle) throws Exception {
        GitMergeFile.Output git = GitMergeFile.run(dir, t.base(), t.yours(), t.theirs());
        LineMergeResult stet = LineMerge.merge(t.base(), t.yours(), t.theirs());
        // git's exit code is the conflict count capped at 127.
        assertThat(Math.min(stet.conflictCount(), 127)).isEqualTo(git.exitCode());
        assertThat(gitStyle.format(stet)).isEqualTo(git.text());
    }
}
