package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseTimeoutsTest {

    private static DatabaseTimeouts statement(Duration statement) {
        return new DatabaseTimeouts(Duration.ofSeconds(1), statement, Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    @Test
    void the_driver_waits_on_the_socket_five_seconds_longer_than_a_statement_may_run_in_whole_seconds() {
        assertThat(DatabaseTimeouts.DEFAULTS.socket()).isEqualTo(Duration.ofSeconds(20));
        assertThat(statement(Duration.ofSeconds(1)).socket()).isEqualTo(Duration.ofSeconds(6));
        assertThat(statement(Duration.ofMillis(1_001)).socket()).isEqualTo(Duration.ofSeconds(7));
        assertThat(statement(Duration.ofMillis(1)).socket()).isEqualTo(Duration.ofSeconds(6));
    }
}
