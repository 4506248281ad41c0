package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.Config;

/** {@code STET_METRICS_TOKEN} as {@link Config} reads it. */
class MetricsTokenConfigTest {

    @Test
    void unset_or_blank_means_loopback_only() {
        assertThat(Config.fromEnvironment(Map.of()).metricsToken()).isEmpty();
        assertThat(Config.fromEnvironment(Map.of("STET_METRICS_TOKEN", "  ")).metricsToken()).isEmpty();
    }

    @Test
    void a_token_is_taken_trimmed() {
        assertThat(Config.fromEnvironment(Map.of("STET_METRICS_TOKEN", " 0123456789abcdef ")).metricsToken())
                .hasValue("0123456789abcdef");
    }

    @Test
    void a_short_token_or_one_with_spaces_stops_start_up_naming_the_variable() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_METRICS_TOKEN", "0123456789abcde")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("STET_METRICS_TOKEN must");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_METRICS_TOKEN", "0123456789 abcdef")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("STET_METRICS_TOKEN must");
    }
}
