package stet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import stet.error.UnreadableRequestException;

/**
 * What the guard checks itself: the Content-Type's charset, before Javalin (which splits it on
 * '=' unguarded) reads it, and percent-encoding, whose broken escapes Jetty drops without a word.
 */
class RequestGuardTest {

    @Test
    void a_known_charset_or_none_is_read() {
        for (String type : List.of("application/json", "application/json; charset=utf-8", "text/plain;CHARSET=\"UTF-8\"",
                "application/x-www-form-urlencoded; charset=utf8; x=y", "application/json; x=charset")) {
            assertThatCode(() -> RequestGuard.checkCharset(type)).as(type).doesNotThrowAnyException();
        }
    }

    @Test
    void a_part_that_starts_with_charset_but_names_no_known_character_set_is_refused_as_unsupported() {
        for (String type : List.of("application/json; charset", "application/json;charset;", "charset",
                "text/plain; CHARSET ; x=y", "application/json; charset=", "application/json; charset-foo",
                "application/json; charsetx=bogus", "application/json; charset=bogus",
                // Only a parameter named charset names one, whatever another's value is.
                "application/x-www-form-urlencoded; charsetx=utf-8", "application/json; charset-foo=utf-8",
                "text/plain; CHARSETS=\"UTF-8\"")) {
            assertThatThrownBy(() -> RequestGuard.checkCharset(type)).as(type)
                    .isInstanceOfSatisfying(UnreadableRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(UnreadableRequestException.Reason.UNSUPPORTED_CHARSET))
                    .hasMessageContaining("character set");
        }
    }

    @Test
    void a_percent_sign_not_followed_by_two_hex_digits_is_found_with_the_name_of_its_parameter() {
        assertThat(RequestGuard.brokenlyEncoded("q=%zz")).contains("q");
        assertThat(RequestGuard.brokenlyEncoded("q=ab%2")).contains("q");
        assertThat(RequestGuard.brokenlyEncoded("sort=name&category=%zz")).contains("category");
        assertThat(RequestGuard.brokenlyEncoded("a=1&b=%")).contains("b");
        assertThat(RequestGuard.brokenlyEncoded("x%g1=1")).contains("x%g1");
        assertThat(RequestGuard.brokenlyEncoded("flag%")).contains("flag%");
    }

    @Test
    void well_formed_percent_encoding_has_no_broken_escape() {
        for (String encoded : List.of("", "q=lamp", "q=Caf%C3%A9+cr%C3%A8me&after=12", "q=100%25", "q=%2b%2F", "a&b=&=c")) {
            assertThat(RequestGuard.brokenlyEncoded(encoded)).as(encoded).isEmpty();
        }
    }
}
