package stet.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparePairTest {

    @Test
    void without_a_pair_compares_the_last_change() {
        assertThat(ComparePair.read(null, null, 5)).isEqualTo(new ComparePair(4, 5, 200, null));
        assertThat(ComparePair.read("", " 3 ", 5)).isEqualTo(new ComparePair(4, 3, 400,
                "Version 4 is newer than version 3. Choose the older version under From and the newer one under To."));
        assertThat(ComparePair.read("2", null, 5)).isEqualTo(new ComparePair(2, 5, 200, null));
    }

    @Test
    void refuses_the_same_version_twice_and_a_backward_pair() {
        assertThat(ComparePair.read("3", "3", 5).status()).isEqualTo(400);
        assertThat(ComparePair.read("3", "3", 5).problem()).startsWith("Both sides are version 3.");
        assertThat(ComparePair.read("5", "1", 5).problem()).startsWith("Version 5 is newer than version 1.");
    }

    @Test
    void a_version_the_record_does_not_have_is_not_found() {
        assertThat(ComparePair.read("1", "6", 5)).isEqualTo(new ComparePair(1, 6, 404,
                "This record has no version 6: its versions are 1 to 5."));
        assertThat(ComparePair.read("0", "2", 5).status()).isEqualTo(404);
        assertThat(ComparePair.read("1", "12345678901234567890", 5).problem())
                .isEqualTo("This record has no version 12345678901234567890: its versions are 1 to 5.");
        assertThat(ComparePair.read("1", "2", 1).problem()).isEqualTo("This record has no version 2: it has only version 1.");
    }

    @Test
    void a_record_with_one_version_has_nothing_to_compare() {
        assertThat(ComparePair.read(null, null, 1).problem())
                .isEqualTo("This record has only one version so far: there is nothing to compare it with.");
    }

    @Test
    void what_is_not_a_number_is_said_so_and_the_other_version_is_kept() {
        assertThat(ComparePair.read("two", "3", 5)).isEqualTo(new ComparePair(0, 3, 400,
                "'two' is not a version number. Choose two versions below."));
        assertThat(ComparePair.read("1", "x", 5)).isEqualTo(new ComparePair(1, 0, 400,
                "'x' is not a version number. Choose two versions below."));
        assertThat(ComparePair.read("x", "50", 60).to()).isEqualTo(50);
        assertThat(ComparePair.read("1", "+3", 5).problem()).startsWith("'+3' is not");
        assertThat(ComparePair.read("-1", "3", 5).problem()).startsWith("'-1' is not");
    }
}
