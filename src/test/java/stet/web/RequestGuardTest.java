package stet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import stet.error.UnreadableRequestException;

/** The Content-Type's charset, checked before Javalin (which splits it on '=' unguarded) reads it. */
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
}
