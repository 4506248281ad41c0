package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import stet.error.DatabaseUnavailableException;
import stet.error.DatabaseUnavailableException.Reason;
import stet.error.UnprocessableException;

class FailuresTest {

    private static DataAccessException jooq(SQLException cause) {
        return new DataAccessException("SQL [select 1]; " + cause.getMessage(), cause);
    }

    @Test
    void a_lock_timeout_is_busy_in_a_transaction_and_left_to_the_store_in_a_single_statement() {
        DataAccessException e = jooq(new SQLException("canceling statement due to lock timeout", "55P03"));

        RuntimeException inTransaction = Failures.translate(e, true);
        assertThat(inTransaction).isInstanceOf(DatabaseUnavailableException.class).hasCause(e);
        assertThat(((DatabaseUnavailableException) inTransaction).reason()).isEqualTo(Reason.BUSY);
        assertThat(((DatabaseUnavailableException) inTransaction).retryAfterSeconds()).isEqualTo(1);
        assertThat(Failures.translate(e, false)).isSameAs(e);
    }

    @Test
    void a_statement_timeout_is_busy() {
        RuntimeException e = Failures.translate(jooq(new SQLException("canceling statement due to statement timeout",
                "57014")), false);
        assertThat(((DatabaseUnavailableException) e).reason()).isEqualTo(Reason.BUSY);
    }

    @Test
    void a_deadlock_or_a_serialization_failure_is_busy_in_a_transaction_or_alone() {
        for (boolean inTransaction : new boolean[] {true, false}) {
            RuntimeException deadlock = Failures.translate(jooq(new SQLException("deadlock detected", "40P01")),
                    inTransaction);
            RuntimeException serialization = Failures.translate(jooq(new SQLException(
                    "could not serialize access due to concurrent update", "40001")), inTransaction);

            assertThat(((DatabaseUnavailableException) deadlock).reason()).isEqualTo(Reason.BUSY);
            assertThat(((DatabaseUnavailableException) serialization).reason()).isEqualTo(Reason.BUSY);
        }
    }

    @Test
    void a_database_out_of_disk_space_or_memory_is_full_and_asks_for_a_longer_wait() {
        for (String state : new String[] {"53100", "53200", "53000"}) {
            RuntimeException e = Failures.translate(jooq(new SQLException("could not extend file: No space left on device",
                    state)), false);

            assertThat(((DatabaseUnavailableException) e).reason()).as(state).isEqualTo(Reason.FULL);
            assertThat(((DatabaseUnavailableException) e).retryAfterSeconds()).isEqualTo(30);
            assertThat(e.getMessage()).contains("nothing was changed");
        }
    }

    @Test
    void a_lost_or_refused_connection_is_down() {
        RuntimeException lost = Failures.translate(jooq(new SQLException("An I/O error occurred", "08006")), false);
        RuntimeException refused = Failures.translate(new DataAccessException("Error getting connection",
                new SQLTransientConnectionException("stet - Connection is not available", "08001",
                        new SQLException("Connection refused", "08001", new ConnectException("refused")))), false);
        RuntimeException shuttingDown = Failures.translate(jooq(new SQLException("terminating connection", "57P01")), false);

        assertThat(((DatabaseUnavailableException) lost).reason()).isEqualTo(Reason.DOWN);
        assertThat(((DatabaseUnavailableException) refused).reason()).isEqualTo(Reason.DOWN);
        assertThat(((DatabaseUnavailableException) refused).retryAfterSeconds()).isEqualTo(5);
        assertThat(((DatabaseUnavailableException) shuttingDown).reason()).isEqualTo(Reason.DOWN);
    }

    @Test
    void a_server_that_did_not_answer_within_the_socket_timeout_is_down_and_told_from_other_lost_connections() {
        DataAccessException silent = jooq(new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new SocketTimeoutException("Read timed out")));
        DataAccessException reset = jooq(new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new java.net.SocketException("Connection reset")));

        assertThat(((DatabaseUnavailableException) Failures.translate(silent, true)).reason()).isEqualTo(Reason.DOWN);
        assertThat(Failures.unanswered(silent)).isTrue();
        assertThat(Failures.unanswered(reset)).isFalse();
        assertThat(Failures.unanswered(jooq(new SQLException("canceling statement due to statement timeout", "57014"))))
                .isFalse();
    }

    @Test
    void a_full_pool_is_busy_and_does_not_count_as_a_server_that_cannot_be_reached() {
        SQLTransientConnectionException full = new SQLTransientConnectionException(
                "stet - Connection is not available, request timed out after 1500ms.");

        assertThat(Failures.cannotConnect(full)).isFalse();
        assertThat(((DatabaseUnavailableException) Failures.translate(new DataAccessException("x", full), false)).reason())
                .isEqualTo(Reason.BUSY);
    }

    @Test
    void a_value_over_a_limit_of_the_database_is_unprocessable_in_a_transaction_or_alone() {
        DataAccessException e = jooq(new SQLException("index row size 3024 exceeds btree version 4 maximum 2704 for index"
                + " \"record_list_1_45e257c31015\"", "54000"));

        for (boolean inTransaction : new boolean[] {true, false}) {
            RuntimeException translated = Failures.translate(e, inTransaction);

            assertThat(translated).isInstanceOf(UnprocessableException.class).hasCause(e);
            assertThat(translated.getMessage()).isEqualTo("A value is too large for the database to store or index, so"
                    + " nothing was changed: shorten the longest values and try again.");
            assertThat(((UnprocessableException) translated).fields()).isEmpty();
        }
    }

    @Test
    void other_failures_pass_unchanged() {
        DataAccessException unique = jooq(new SQLException("duplicate key", "23505"));
        IllegalStateException bug = new IllegalStateException("bug");

        assertThat(Failures.translate(unique, true)).isSameAs(unique);
        assertThat(Failures.translate(bug, true)).isSameAs(bug);
    }
}
