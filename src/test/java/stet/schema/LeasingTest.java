package stet.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeasingTest {

    @Test
    void a_form_renews_its_lease_every_minute_or_at_half_a_shorter_lease() {
        assertThat(new Leasing(true, 1).renewalMillis()).isEqualTo(30_000);
        assertThat(new Leasing(false, 2).renewalMillis()).isEqualTo(60_000);
        assertThat(new Leasing(false, Leasing.MAX_MINUTES).renewalMillis()).isEqualTo(60_000);
    }

    @Test
    void every_lease_is_renewed_while_it_is_still_live() {
        for (int minutes = Leasing.MIN_MINUTES; minutes <= Leasing.MAX_MINUTES; minutes++) {
            assertThat(new Leasing(false, minutes).renewalMillis()).as("%d minutes", minutes)
                    .isLessThanOrEqualTo(minutes * 60_000L / 2);
        }
    }
}
