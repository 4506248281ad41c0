package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/** Two users who make the same change to a delta field: both changes count, and the notice shows the sum. */
class EqualIncrementsIT extends WebTest {

    @Test
    void two_users_adding_one_to_a_delta_field_give_both_increments_and_the_arithmetic() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = MergeWebIT.create(alice, "INCR-1");
        Map<String, List<String>> aliceForm = MergeWebIT.editForm(alice, id);
        Map<String, List<String>> bobForm = MergeWebIT.editForm(bob, id);
        set(bobForm, "quantity", "11");
        assertThat(MergeWebIT.save(bob, id, bobForm).status()).isEqualTo(303);

        set(aliceForm, "quantity", "11");
        WebClient.Page result = MergeWebIT.save(alice, id, aliceForm);

        assertThat(result.status()).isEqualTo(303);
        String shown = alice.get("/records/" + id).body();
        assertThat(shown).contains("<span>Merged with Bob&#39;s change (version 2): both changed Quantity in stock:"
                + " 11 + (11 − 10) = 12.</span>");
        assertThat(shown).containsPattern("data-testid=\"value-quantity\">\\s*<span>12</span>");
    }
}
