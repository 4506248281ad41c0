package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import stet.support.Records;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * What every user gets from stet's pages whatever their browser: an error summary that
 * names every problem in one round trip and points at each input, inputs tied to their
 * messages, and the normal page, header included, for a path that does not exist.
 */
class AccessibleFormsWebIT extends WebTest {

    @Test
    void an_invalid_form_starts_with_a_focused_summary_linking_to_each_invalid_input() {
        WebClient alice = logIn("alice");
        Map<String, List<String>> form = alice.get("/collections/inventory/new").form("record-form");
        set(form, "name", "");
        set(form, "sku", "SUM-1");
        set(form, "quantity", "lots");

        WebClient.Page page = alice.postForm("/collections/inventory/new", form);

        assertThat(page.status()).isEqualTo(422);
        assertThat(tag(page.body(), "div", "error-summary")).contains("tabindex=\"-1\"").contains(" autofocus");
        assertThat(page.body()).contains("href=\"#f-name\"").contains("href=\"#f-quantity\"").doesNotContain("href=\"#f-sku\"");
        assertThat(tag(page.body(), "input", "f-name")).contains("aria-invalid=\"true\"")
                .contains("aria-describedby=\"f-name-error\"");
        assertThat(page.body()).contains("<p class=\"error\" id=\"f-name-error\"");
        assertThat(tag(page.body(), "input", "f-quantity")).contains("aria-invalid=\"true\"")
                .contains("aria-describedby=\"f-quantity-help f-quantity-error\"");
        assertThat(tag(page.body(), "input", "f-sku")).doesNotContain("aria-invalid").doesNotContain("aria-describedby");
    }

    @Test
    void no_input_cuts_what_is_typed_or_pasted_into_it_the_server_says_what_is_too_long_and_keeps_it() {
        WebClient alice = logIn("alice");
        long id = Records.create(alice, "inventory", Map.of("name", "Kettle", "sku", "CUT-1", "quantity", "1"));
        for (String path : List.of("/collections/inventory", "/collections/inventory/new", "/records/" + id + "/edit",
                "/records/" + id + "/delete", "/account/tokens")) {
            WebClient.Page page = alice.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            // A browser silently drops what goes past maxlength (counted in UTF-16 units, too).
            assertThat(Jsoup.parse(page.body()).select("[maxlength]")).as(path).isEmpty();
        }
        Map<String, List<String>> form = alice.get("/records/" + id + "/edit").form("record-form");
        String comment = "\uD83D\uDCAC".repeat(501);
        set(form, "comment", comment);

        WebClient.Page refused = alice.postForm("/records/" + id, form);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.form("record-form").get("comment")).containsExactly(comment);
        assertThat(refused.body()).contains("At most 500 characters.");
    }

    /** The opening tag of the element {@code name} whose id is {@code id}. */
    private static String tag(String html, String name, String id) {
        Matcher m = Pattern.compile("<" + name + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
        assertThat(m.find()).as("<%s id=%s> in %s", name, id, html).isTrue();
        return m.group();
    }

    @Test
    void required_inputs_are_announced_as_required() {
        Document page = Jsoup.parse(logIn("alice").get("/collections/inventory/new").body());

        for (String id : List.of("f-name", "f-sku", "f-quantity")) {
            assertThat(page.getElementById(id).attr("aria-required")).as(id).isEqualTo("true");
        }
        for (String id : List.of("f-description", "f-price", "f-category", "f-restock_on", "f-active")) {
            assertThat(page.getElementById(id).hasAttr("aria-required")).as(id).isFalse();
        }
    }

    @Test
    void a_taken_unique_value_is_reported_with_the_other_errors_in_the_first_answer() {
        WebClient alice = logIn("alice");
        Records.create(alice, "inventory", Map.of("name", "Taken", "sku", "TAKEN-1", "quantity", "1"));
        Map<String, List<String>> form = alice.get("/collections/inventory/new").form("record-form");
        set(form, "name", "Second");
        set(form, "sku", "TAKEN-1");
        set(form, "quantity", "-1");

        WebClient.Page page = alice.postForm("/collections/inventory/new", form);

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("data-testid=\"error-sku\">&#39;TAKEN-1&#39; is already taken.")
                .contains("data-testid=\"error-quantity\"").contains("href=\"#f-sku\"");
    }

    @Test
    void a_taken_unique_value_is_reported_with_the_other_errors_when_saving_an_edit() {
        WebClient alice = logIn("alice");
        Records.create(alice, "inventory", Map.of("name", "Taken", "sku", "TAKEN-2", "quantity", "1"));
        long id = Records.create(alice, "inventory", Map.of("name", "Mine", "sku", "MINE-2", "quantity", "1"));
        Map<String, List<String>> form = alice.get("/records/" + id + "/edit").form("record-form");
        set(form, "sku", "TAKEN-2");
        set(form, "price", "cheap");

        WebClient.Page page = alice.postForm("/records/" + id, form);

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("data-testid=\"error-sku\">&#39;TAKEN-2&#39; is already taken.")
                .contains("data-testid=\"error-price\"");
    }

    @Test
    void the_delta_field_says_that_changes_made_at_once_add_up() {
        String body = logIn("alice").get("/collections/inventory/new").body();

        assertThat(body).contains("id=\"f-quantity-help\">Changes made at the same time add up")
                .contains("aria-describedby=\"f-quantity-help\"");
    }

    @Test
    void an_unknown_path_gets_the_404_page_with_the_header_and_the_user() {
        WebClient.Page page = logIn("alice").get("/no/such/page");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("data-testid=\"error-page\" data-status=\"404\"")
                .contains("There is no page at /no/such/page.")
                .contains("data-testid=\"current-user\">Alice (editor)")
                .contains("Skip to content").contains("<main id=\"content\"");
    }

    @Test
    void an_unknown_path_gets_the_404_page_with_the_header_when_logged_out() {
        WebClient.Page page = browser().get("/records/1/no-such-thing");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("<header class=\"top\">").contains("There is no page at /records/1/no-such-thing.")
                .doesNotContain("data-testid=\"current-user\"");
    }
}
