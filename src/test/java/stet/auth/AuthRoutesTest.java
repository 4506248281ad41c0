package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthRoutesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/",
        "/records/3/edit?x=1",
        "/collections/inventory",
        "/records/3/compare?from=1&to=2",
        "/search?q=a+b",
        "/a/b/c#part",
        "/records/3/a%2Fb",
        "/r\u00e9sum\u00e9",
    })
    void next_after_login_keeps_a_local_path(String next) {
        assertThat(AuthRoutes.safeNext(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "https://evil.example/",
        "http://evil.example",
        "javascript:alert(1)",
        "evil.example",
        "//evil.example/",
        "///evil.example",
        "/\\evil.example/",
        "\\\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/%09/evil.example",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%5cevil.example",
        "%2F%2Fevil.example",
        "/%252F%252Fevil.example",
        "/%25252F/evil.example",
        " /evil.example",
        "/ /evil.example",
        "/\n/evil.example",
        "/\r\nLocation: https://evil.example",
        "/%0d%0aSet-Cookie:%20x=1",
        "/\u0000/evil.example",
        "/%00/evil.example",
        "/\u000b/evil.example",
        "/\u00a0/evil.example",
        "/\u2028/evil.example",
        "/\u3000/evil.example",
        "/%E2%80%A8/evil.example",
        "/records/3%",
        "/records/%zz",
        "/\u007f/evil.example",
        "\t//evil.example",
        "/records/3 ",
    })
    void next_after_login_goes_to_the_start_page_unless_it_is_a_plain_local_path(String next) {
        assertThat(AuthRoutes.safeNext(next)).isEqualTo("/");
    }
}
