package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares stet's line merge with the real {@code git merge-file} on generated triples (fixed
 * seeds): same verdict and conflict count on every triple, byte-identical clean merges, and
 * byte-identical conflicted output when rendered with git's labels. Skipped, with a message,
 * only where git is not installed.
 */
class GitAgreementTest {

    private static final int TRIPLES = 400;
    private static final int DIFF3_TRIPLES = 150;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireGit() {
        assumeTrue(GitMergeFile.available(),
                "git is not installed: skipping the comparison with git merge-file");
    }

    @Test
    void agrees_with_git_merge_file_on_random_triples() throws Exception {
        Triples triples = new Triples(20240611L);
        MergeFormatter gitStyle = new MergeFormatter(MergeFormatter.Style.MERGE,
                new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7);
        List<String> disagreements = new ArrayList<>();
        int clean = 0;
        int conflicted = 0;
        int identicalConflictOutput = 0;
        for (int i = 0; i < TRIPLES; i++) {
            Triples.Triple t = triples.next();
            GitMergeFile.Output git = GitMergeFile.run(dir, t.base(), t.yours(), t.theirs());
            LineMergeResult stet = LineMerge.merge(t.base(), t.yours(), t.theirs());
            if (git.exitCode() != stet.conflictCount()) {
                disagreements.add("#" + i + " verdict: git " + git.exitCode() + ", stet " + stet.conflictCount());
                continue;
            }
            if (stet.clean()) {
                clean++;
                if (!git.text().equals(stet.mergedText().orElseThrow())) {
                    disagreements.add("#" + i + " clean merge differs");
                }
            } else {
                conflicted++;
                if (git.text().equals(gitStyle.format(stet))) {
                    identicalConflictOutput++;
                } else {
                    disagreements.add("#" + i + " conflicted output differs");
                }
            }
        }
        System.out.printf("git agreement: %d triples, %d clean, %d conflicted, %d/%d conflicted outputs identical%n",
                TRIPLES, clean, conflicted, identicalConflictOutput, conflicted);
        assertThat(disagreements).isEmpty();
        // The generator must exercise both verdicts for the comparison to mean anything.
        assertThat(clean).isGreaterThan(TRIPLES / 5);
        assertThat(conflicted).isGreaterThan(TRIPLES / 5);
    }

    @Test
    void agrees_with_git_merge_file_diff3_on_random_triples() throws Exception {
        assertAgreesInDiff3Style(7L, "--diff3", LineMergeOptions.Conflicts.WHOLE);
    }

    @Test
    void agrees_with_git_merge_file_zdiff3_on_random_triples() throws Exception {
        assertAgreesInDiff3Style(11L, "--zdiff3", LineMergeOptions.Conflicts.TRIMMED);
    }

    private void assertAgreesInDiff3Style(long seed, String option, LineMergeOptions.Conflicts conflicts)
            throws Exception {
        Triples triples = new Triples(seed);
        MergeFormatter gitStyle = new MergeFormatter(MergeFormatter.Style.DIFF3,
                new MergeFormatter.Labels("yours.txt", "base.txt", "theirs.txt"), 7);
        List<String> disagreements = new ArrayList<>();
        int conflicted = 0;
        for (int i = 0; i < DIFF3_TRIPLES; i++) {
            Triples.Triple t = triples.next();
            GitMergeFile.Output git = GitMergeFile.run(dir, t.base(), t.yours(), t.theirs(), option);
            LineMergeResult stet = LineMerge.merge(t.base(), t.yours(), t.theirs(), new LineMergeOptions(conflicts));
            conflicted += stet.clean() ? 0 : 1;
            if (git.exitCode() != stet.conflictCount()) {
                disagreements.add("#" + i + " verdict: git " + git.exitCode() + ", stet " + stet.conflictCount());
            } else if (!git.text().equals(gitStyle.format(stet))) {
                disagreements.add("#" + i + " output differs");
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(conflicted).isGreaterThan(DIFF3_TRIPLES / 5);
    }
}
