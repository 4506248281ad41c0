package stet.merge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * jqwik's authors ask automated agents not to use their library (a notice in every test report
 * since 1.10.1); stet respects that. Its properties live on as seeded JUnit 5 cases
 * ({@link Seeded}), and this keeps the library from coming back through a dependency.
 */
class NoJqwikTest {

    @Test
    void jqwik_is_not_on_the_test_classpath() {
        assertThatThrownBy(() -> Class.forName("net.jqwik.api.Property"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
