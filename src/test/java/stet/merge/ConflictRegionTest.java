package stet.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regions a person resolves: the whole overlapping change, where git's refinement would
 * show fragments; the verdict itself is the refined merge's, unchanged.
 */
class ConflictRegionTest {

    static LongStream seeds() {
        return Seeded.seeds(2_000);
    }

    @Test
    void two_changelog_entries_inserted_at_the_top_are_one_region_with_their_blank_lines() {
        String base = "## 1.0\n- first\n";
        String yours = "## 1.2\n- yours\n\n" + base;
        String theirs = "## 1.1\n- theirs\n\n" + base;
        LineMergeResult merge = LineMerge.merge(base, yours, theirs);

        // git's refined conflict leaves the shared blank line out of the conflict ...
        assertThat(merge.hunks().stream().filter(MergeHunk::isConflict).map(h -> h.text(Side.YOURS)))
                .containsExactly("## 1.2\n- yours\n");
        // ... the region holds each side's whole entry.
        assertThat(merge.regions()).hasSize(1);
        ConflictRegion region = merge.regions().get(0);
        assertThat(region.text(Side.YOURS)).isEqualTo("## 1.2\n- yours\n\n");
        assertThat(region.text(Side.THEIRS)).isEqualTo("## 1.1\n- theirs\n\n");
        assertThat(region.onlyInserted()).isTrue();
        assertThat(region.both(Side.YOURS)).isEqualTo("## 1.2\n- yours\n\n## 1.1\n- theirs\n\n");
        assertThat(region.both(Side.THEIRS)).isEqualTo("## 1.1\n- theirs\n\n## 1.2\n- yours\n\n");
        assertThat(region.suggestion()).hasValue(new ConflictRegion.Suggestion(ConflictRegion.Reason.BOTH_INSERTED,
                "## 1.2\n- yours\n\n## 1.1\n- theirs\n\n"));
    }

    @Test
    void a_change_refinement_splits_in_two_is_one_region() {
        String base = "a\nb\nc\nd\ne\n";
        String yours = "A\nb\nc\nd\nE\n";
        String theirs = "a2\nb\nc\nd\ne2\n";
        LineMergeResult merge = LineMerge.merge(base, yours, theirs);

        assertThat(merge.conflictCount()).isEqualTo(1); // git joins the two pieces (three lines apart)
        assertThat(merge.regions()).hasSize(1);
        ConflictRegion region = merge.regions().get(0);
        assertThat(region.text(Side.BASE)).isEqualTo(base);
        assertThat(region.words()).isEmpty();
        assertThat(region.suggestion()).isEmpty();
    }

    @Test
    void different_words_of_one_line_suggest_the_word_merge() {
        LineMergeResult merge = LineMerge.merge("the quick brown fox\n", "the slow brown fox\n", "the quick brown cat\n");
        ConflictRegion region = merge.regions().get(0);
        assertThat(region.suggestion()).hasValue(new ConflictRegion.Suggestion(ConflictRegion.Reason.WORDS,
                "the slow brown cat\n"));
    }

    @Test
    void separate_conflicts_are_separate_regions() {
        String base = "a\n1\n2\n3\n4\n5\nb\n";
        LineMergeResult merge = LineMerge.merge(base, "A\n1\n2\n3\n4\n5\nB\n", "X\n1\n2\n3\n4\n5\nY\n");
        assertThat(merge.regions()).hasSize(2);
        assertThat(merge.regions().get(0).text(Side.THEIRS)).isEqualTo("X\n");
        assertThat(merge.regions().get(1).text(Side.THEIRS)).isEqualTo("Y\n");
    }

    @Test
    void a_clean_merge_has_no_regions() {
        assertThat(LineMerge.merge("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n").regions()).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void regions_cover_each_conflict_once_in_whole_hunks_with_exact_ranges(long seed) {
        Seeded.run(seed, random -> {
            List<String> t = LineMergePropertiesTest.triple(random);
            for (LineMergeOptions.Conflicts style : LineMergeOptions.Conflicts.values()) {
                LineMergeResult merge = LineMerge.merge(t.get(0), t.get(1), t.get(2), new LineMergeOptions(style));
                List<MergeHunk> hunks = merge.hunks();
                int conflictsSeen = 0;
                int after = 0;
                for (ConflictRegion region : merge.regions()) {
                    assertThat(region.firstHunk()).isGreaterThanOrEqualTo(after);
                    assertThat(region.endHunk()).isGreaterThan(region.firstHunk());
                    List<MergeHunk> inside = hunks.subList(region.firstHunk(), region.endHunk());
                    assertThat(inside).anyMatch(MergeHunk::isConflict);
                    conflictsSeen += (int) inside.stream().filter(MergeHunk::isConflict).count();
                    for (Side side : Side.values()) {
                        assertThat(region.range(side).start()).isEqualTo(inside.get(0).range(side).start());
                        assertThat(region.range(side).end()).isEqualTo(inside.get(inside.size() - 1).range(side).end());
                    }
                    assertThat(region.text(Side.YOURS)).isEqualTo(joined(inside, Side.YOURS));
                    assertThat(region.text(Side.THEIRS)).isEqualTo(joined(inside, Side.THEIRS));
                    after = region.endHunk();
                }
                assertThat(conflictsSeen).isEqualTo(merge.conflictCount());
                // Every whole (unrefined) conflict lies inside one region: no region is a fragment.
                for (MergeHunk whole : LineMerge.merge(t.get(0), t.get(1), t.get(2),
                        new LineMergeOptions(LineMergeOptions.Conflicts.WHOLE)).hunks()) {
                    if (whole.isConflict()) {
                        assertThat(merge.regions()).anyMatch(r -> contains(r, whole));
                    }
                }
            }
        });
    }

    private static String joined(List<MergeHunk> hunks, Side side) {
        StringBuilder sb = new StringBuilder();
        hunks.forEach(h -> sb.append(h.text(side)));
        return sb.toString();
    }

    private static boolean contains(ConflictRegion region, MergeHunk hunk) {
        for (Side side : Side.values()) {
            LineRange r = region.range(side);
            LineRange h = hunk.range(side);
            if (h.start() < r.start() || h.end() > r.end()) {
                return false;
            }
        }
        return true;
    }
}
