package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthRoutesTest {

    @Test
    void next_after_login_is_a_local_path_or_the_start_page() {
        assertThat(AuthRoutes.safeNext("/records/3/edit?x=1")).isEqualTo("/records/3/edit?x=1");
        assertThat(AuthRoutes.safeNext(null)).isEqualTo("/");
        assertThat(AuthRoutes.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(AuthRoutes.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(AuthRoutes.safeNext("/\\evil.example/")).isEqualTo("/");
    }
}
