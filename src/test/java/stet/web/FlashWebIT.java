package stet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.support.WebClient.form;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A message for the next page travels in a cookie, and a browser drops a cookie over 4,096
 * bytes without a word: however long the text a message quotes, its cookie stays under that,
 * the text shortened, so the message is still shown.
 */
class FlashWebIT extends WebTest {

    @Test
    void a_message_quoting_a_very_long_text_is_shortened_to_a_cookie_a_browser_keeps() {
        WebClient admin = admin();
        String subject = "Ж".repeat(5000);

        HttpResponse<String> answer = admin.postResponse("/admin/users/unlock",
                form("_csrf", admin.csrfToken(), "kind", "username", "subject", subject));

        assertThat(answer.statusCode()).isEqualTo(303);
        String cookie = answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("stet_flash="))
                .findFirst().orElseThrow();
        assertThat(cookie.length()).isLessThan(4096);
        String page = admin.get("/admin/users").body();
        assertThat(page).contains("ЖЖЖЖЖЖЖЖЖЖ").contains("…").doesNotContain(subject);
    }

    @Test
    void a_short_text_is_quoted_whole_and_a_long_one_cut_between_characters() {
        assertThat(Flash.quoted("Desk lamp")).isEqualTo("Desk lamp");
        String emoji = "😀".repeat(100);
        String quoted = Flash.quoted(emoji);
        assertThat(quoted.codePointCount(0, quoted.length())).isEqualTo(Flash.QUOTED_LENGTH);
        assertThat(quoted).endsWith("😀…");
    }
}
