package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VersionTokensTest {

    static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    final VersionTokens tokens = new VersionTokens(new Hmac(key(1)));

    @Test
    void a_token_vouches_for_exactly_its_thing_version_and_user() {
        String token = tokens.issue("record", 7, 3, 42);

        assertThat(tokens.isValid("record", 7, 3, 42, token)).isTrue();
        assertThat(tokens.isValid("record", 7, 4, 42, token)).as("other version").isFalse();
        assertThat(tokens.isValid("record", 8, 3, 42, token)).as("other record").isFalse();
        assertThat(tokens.isValid("record", 7, 3, 43, token)).as("other user").isFalse();
        assertThat(tokens.isValid("collection", 7, 3, 42, token)).as("other kind").isFalse();
    }

    @Test
    void missing_tampered_and_foreign_tokens_are_invalid() {
        String token = tokens.issue("record", 7, 3, 42);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String foreign = new VersionTokens(new Hmac(key(2))).issue("record", 7, 3, 42);

        assertThat(tokens.isValid("record", 7, 3, 42, null)).isFalse();
        assertThat(tokens.isValid("record", 7, 3, 42, "")).isFalse();
        assertThat(tokens.isValid("record", 7, 3, 42, tampered)).isFalse();
        assertThat(tokens.isValid("record", 7, 3, 42, foreign)).isFalse();
    }

    @Test
    void tokens_are_stable_for_the_same_input() {
        assertThat(tokens.issue("record", 1, 1, 1)).isEqualTo(tokens.issue("record", 1, 1, 1));
    }

    @Test
    void short_keys_are_refused() {
        assertThatThrownBy(() -> new Hmac(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
