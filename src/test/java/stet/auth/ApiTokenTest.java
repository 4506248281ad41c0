package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiTokenTest {

    private static final User ALICE = new User(2, "alice", "Alice", Role.EDITOR);
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZoneOffset.UTC);
    /** The end of 2026-12-31, UTC: the token's last day is the 31st. */
    private static final OffsetDateTime END = OffsetDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static ApiToken token(OffsetDateTime expiresAt, OffsetDateTime revokedAt) {
        return new ApiToken(1, ALICE, "sync", TokenScope.READ, CREATED, expiresAt, null, revokedAt);
    }

    @Test
    void a_read_token_allows_only_get_and_head_a_write_token_every_method() {
        for (HandlerType method : HandlerType.values()) {
            boolean reads = method == HandlerType.GET || method == HandlerType.HEAD;
            assertThat(TokenScope.READ.allows(method)).as(method.name()).isEqualTo(reads);
            assertThat(TokenScope.WRITE.allows(method)).as(method.name()).isTrue();
        }
    }

    @Test
    void scopes_parse_only_from_their_stored_names() {
        assertThat(TokenScope.parse("read")).contains(TokenScope.READ);
        assertThat(TokenScope.parse("write")).contains(TokenScope.WRITE);
        assertThat(TokenScope.parse("WRITE")).isEmpty();
        assertThat(TokenScope.parse(null)).isEmpty();
    }

    @Test
    void a_token_is_active_until_its_end_expired_from_then_and_revoked_whatever_its_expiry() {
        assertThat(token(END, null).state(END.minusNanos(1000))).isEqualTo("active");
        assertThat(token(END, null).state(END)).isEqualTo("expired");
        assertThat(token(null, null).state(END.plusYears(50))).isEqualTo("active");
        assertThat(token(END, CREATED).state(CREATED)).isEqualTo("revoked");
    }

    @Test
    void the_last_day_is_the_day_before_the_end_in_utc() {
        assertThat(token(END, null).expiresOn()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(token(END.withOffsetSameInstant(ZoneOffset.ofHours(2)), null).expiresOn())
                .isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(token(null, null).expiresOn()).isNull();
    }
}
