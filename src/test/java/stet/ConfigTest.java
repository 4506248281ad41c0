package stet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaults_run_embedded_with_demo_data_on_7070() {
        Config config = Config.fromEnvironment(Map.of());
        assertThat(config.port()).isEqualTo(7070);
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.demo()).isTrue();
        assertThat(config.adminPassword()).isEmpty();
        assertThat(config.demoPassword()).isEqualTo(Config.DEFAULT_DEMO_PASSWORD);
    }

    @Test
    void an_external_database_has_no_demo_data_unless_asked() {
        assertThat(Config.fromEnvironment(Map.of("DATABASE_URL", "postgres://h/db")).demo()).isFalse();
        assertThat(Config.fromEnvironment(Map.of("DATABASE_URL", "postgres://h/db", "STET_DEMO", "true")).demo()).isTrue();
    }

    @Test
    void a_database_url_stet_cannot_read_stops_start_up_with_the_reason() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("DATABASE_URL", "localhost:5432/stet")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DATABASE_URL must start with jdbc:postgresql:, postgres:// or postgresql://");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("DATABASE_URL", "postgres:///stet")))
                .hasMessage("DATABASE_URL names no host");
    }

    @Test
    void the_live_stream_limit_defaults_to_the_machines_share_and_is_read_from_the_environment() {
        assertThat(Config.fromEnvironment(Map.of()).liveMaxStreams()).isEqualTo(stet.live.StreamLimit.defaultMax());
        assertThat(Config.fromEnvironment(Map.of("STET_LIVE_MAX_STREAMS", "5000")).liveMaxStreams()).isEqualTo(5000);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_LIVE_MAX_STREAMS", "0")))
                .hasMessageContaining("STET_LIVE_MAX_STREAMS");
    }

    @Test
    void database_timeouts_and_the_shutdown_limit_default_and_are_read_in_milliseconds() {
        Config defaults = Config.fromEnvironment(Map.of());
        assertThat(defaults.timeouts()).isEqualTo(new stet.db.DatabaseTimeouts(Duration.ofMillis(1_000),
                Duration.ofMillis(15_000), Duration.ofMillis(10_000), Duration.ofMillis(1_000)));
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));

        Config set = Config.fromEnvironment(Map.of("STET_LOCK_TIMEOUT_MS", "300", "STET_STATEMENT_TIMEOUT_MS", "5000",
                "STET_IDLE_IN_TX_TIMEOUT_MS", "7000", "STET_DB_CONNECT_TIMEOUT_MS", "800",
                "STET_SHUTDOWN_TIMEOUT_MS", "2500"));
        assertThat(set.timeouts()).isEqualTo(new stet.db.DatabaseTimeouts(Duration.ofMillis(300),
                Duration.ofMillis(5_000), Duration.ofMillis(7_000), Duration.ofMillis(800)));
        assertThat(set.shutdownTimeout()).isEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void a_timeout_that_is_not_a_positive_number_of_milliseconds_stops_start_up_naming_the_variable() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_LOCK_TIMEOUT_MS", "0")))
                .hasMessage("STET_LOCK_TIMEOUT_MS must be a positive number of milliseconds, not '0'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_STATEMENT_TIMEOUT_MS", "1s")))
                .hasMessage("STET_STATEMENT_TIMEOUT_MS must be a positive number of milliseconds, not '1s'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_IDLE_IN_TX_TIMEOUT_MS", "-5")))
                .hasMessage("STET_IDLE_IN_TX_TIMEOUT_MS must be a positive number of milliseconds, not '-5'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_SHUTDOWN_TIMEOUT_MS", "soon")))
                .hasMessage("STET_SHUTDOWN_TIMEOUT_MS must be a positive number of milliseconds, not 'soon'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_DB_CONNECT_TIMEOUT_MS", "100")))
                .hasMessage("STET_DB_CONNECT_TIMEOUT_MS must be at least 250, not 100");
    }

    @Test
    void import_limits_default_and_are_read_from_the_environment() {
        assertThat(Config.fromEnvironment(Map.of()).imports()).isEqualTo(stet.imports.ImportLimits.DEFAULTS);
        assertThat(Config.fromEnvironment(Map.of("STET_IMPORT_MAX_BYTES", "1048576", "STET_IMPORT_MAX_ROWS", "5000"))
                .imports()).isEqualTo(new stet.imports.ImportLimits(1_048_576, 5_000));
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_IMPORT_MAX_ROWS", "0")))
                .hasMessage("STET_IMPORT_MAX_ROWS must be a positive whole number, not '0'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_IMPORT_MAX_BYTES", "10MB")))
                .hasMessage("STET_IMPORT_MAX_BYTES must be a positive whole number, not '10MB'");
    }

    @Test
    void the_embedded_databases_shared_buffers_default_to_the_machines_share_and_are_read_in_mb() {
        assertThat(Config.fromEnvironment(Map.of()).sharedBuffersMb()).isEqualTo(stet.db.SharedBuffers.defaultMb());
        assertThat(Config.fromEnvironment(Map.of("STET_DB_SHARED_BUFFERS_MB", "2048")).sharedBuffersMb()).isEqualTo(2_048);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_DB_SHARED_BUFFERS_MB", "1GB")))
                .hasMessage("STET_DB_SHARED_BUFFERS_MB must be a positive whole number, not '1GB'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_DB_SHARED_BUFFERS_MB", "8")))
                .hasMessage("STET_DB_SHARED_BUFFERS_MB must be from 16 to 1048576 (MB), not 8");
    }

    @Test
    void bad_values_name_the_variable() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_PORT", "seventy")))
                .hasMessageContaining("STET_PORT");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_PORT", "70000")))
                .hasMessageContaining("STET_PORT");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_DEMO", "perhaps")))
                .hasMessageContaining("STET_DEMO");
    }

    @Test
    void a_public_url_and_a_trusted_proxy_are_read_from_the_environment() {
        Config config = Config.fromEnvironment(Map.of("STET_PUBLIC_URL", "https://stet.example.org", "STET_TRUST_PROXY", "true"));
        assertThat(config.publicUrl()).contains(java.net.URI.create("https://stet.example.org"));
        assertThat(config.trustProxy()).isTrue();
        assertThat(Config.fromEnvironment(Map.of()).publicUrl()).isEmpty();
        assertThat(Config.fromEnvironment(Map.of()).trustProxy()).isFalse();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_PUBLIC_URL", "stet.example.org")))
                .hasMessageContaining("STET_PUBLIC_URL");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_TRUST_PROXY", "maybe")))
                .hasMessageContaining("STET_TRUST_PROXY");
    }

    @Test
    void an_admin_password_that_breaks_the_password_rules_stops_start_up_naming_the_variable() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("STET_ADMIN_PASSWORD", "eleven-char")))
                .hasMessage("STET_ADMIN_PASSWORD: A password needs at least 12 characters.");
        assertThat(Config.fromEnvironment(Map.of("STET_ADMIN_PASSWORD", "twelve-chars")).adminPassword())
                .contains("twelve-chars");
    }

    @Test
    void the_demo_password_is_for_demo_users_and_may_stay_short() {
        assertThat(Config.fromEnvironment(Map.of("STET_DEMO_PASSWORD", "demo")).demoPassword()).isEqualTo("demo");
    }
}
