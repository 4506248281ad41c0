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

    @Test
    void a_long_japanese_text_is_sent_whole_and_a_form_too_large_to_send_keeps_what_was_typed(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        long id = Inventory.create(alice, "LONG-JA-1").id();
        String line = "日本語の長い文章です。".repeat(7) + "\n";
        // 6,000 lines of 78 characters: 468,000 characters, 1.4 MB as UTF-8 and three times that URL-encoded.
        RecordPage saved = alice.edit(id).fill("description", line, 6_000).save();

        assertThat(saved.value("description")).startsWith(line.strip()).hasSize(6_000 * line.length() - 1);

        // More than three times as much is more than a request may be: nothing is sent, nothing typed is lost.
        RecordForm tooLarge = alice.edit(id).fill("description", line, 20_000);
        String said = tooLarge.saveAndExpectTooLarge();

        assertThat(said).startsWith("This form holds about 4.").contains("stet takes at most 4.0 MiB")
                .contains("nothing you typed is lost");
        assertThat(tooLarge.length("description")).isEqualTo(20_000L * line.length());
    }
}
