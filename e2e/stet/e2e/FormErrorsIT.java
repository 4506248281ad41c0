package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ALICE;

import org.junit.jupiter.api.Test;

/**
 * A refused form starts with a summary of what needs fixing, which has the focus and
 * links to each input; each input says it is invalid and which message describes it.
 */
@EndToEnd
class FormErrorsIT {

    @Test
    void the_error_summary_has_the_focus_and_links_to_each_invalid_input(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Inventory.create(alice, "ERR-1");

        RecordForm form = alice.newRecord("inventory").set("name", "").set("sku", "ERR-1").set("quantity", "lots")
                .saveAndExpectErrors();

        assertThat(form.focusedId()).isEqualTo("error-summary");
        assertThat(form.errorSummary()).containsExactly(
                java.util.Map.entry("name", "Name: Required."),
                java.util.Map.entry("sku", "SKU: 'ERR-1' is already taken."),
                java.util.Map.entry("quantity", "Quantity in stock: Must be a whole number, such as 12."));
        form.followErrorLink("quantity");
        assertThat(form.focusedId()).isEqualTo("f-quantity");
        assertThat(form.isMarkedInvalid("quantity")).isTrue();
        assertThat(form.isMarkedInvalid("price")).isFalse();
        assertThat(form.description("quantity")).startsWith("Changes made at the same time add up")
                .endsWith(" | Must be a whole number, such as 12.");
        assertThat(form.description("name")).isEqualTo("Required.");
    }
}
