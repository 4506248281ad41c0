package stet.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.error.DatabaseUnavailableException;
import stet.error.DatabaseUnavailableException.Reason;
import stet.error.OutcomeUnknownException;
import stet.support.BreakableConnections;
import stet.support.FreezingProxy;
import stet.support.TestPostgres;

/**
 * A server that stops answering under a connection already handed out (frozen, paused, cut
 * off), which cannot end the statement itself: the driver gives the connection up after the
 * socket timeout, the failure is the database being down (or, during a commit, an unknown
 * outcome), and the circuit opens, so the next caller is refused at once rather than waiting
 * on another connection. A bare database, without an app whose background work would open
 * the circuit by failing to connect.
 */
@ExtendWith(TestPostgres.class)
class FrozenServerIT {

    /** Statements may run 1 s, so the driver waits 6 s for an answer. */
    private static final DatabaseTimeouts TIMEOUTS = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofSeconds(1));
    /** Well under a hang, with room for a loaded machine; the bound is the feature. */
    private static final Duration BOUND = TIMEOUTS.socket().plus(Duration.ofSeconds(4));

    @Test
    void a_statement_the_server_never_answers_fails_as_down_within_the_socket_timeout_and_opens_the_circuit(DatabaseUrl url)
            throws Exception {
        try (FreezingProxy proxy = FreezingProxy.inFrontOf(url); Database db = Database.connect(proxy.url(), TIMEOUTS)) {
            Throwable silent = proxy.answerWithin(BOUND, () -> catchThrowable(() -> db.transaction(tx -> {
                proxy.freeze();
                return tx.fetchValue("select 1");
            })));

            assertThat(silent).isInstanceOf(DatabaseUnavailableException.class);
            assertThat(((DatabaseUnavailableException) silent).reason()).isEqualTo(Reason.DOWN);
            assertRefusedByTheCircuit(db);
        }
    }

    @Test
    void a_commit_the_server_never_answers_has_an_unknown_outcome_and_opens_the_circuit(DatabaseUrl url) throws Exception {
        BreakableConnections breakable = new BreakableConnections();
        try (FreezingProxy proxy = FreezingProxy.inFrontOf(url); Database db = Database.connect(proxy.url(), TIMEOUTS)) {
            breakable.beforeNextCommit(proxy::freeze);

            Throwable silent = proxy.answerWithin(BOUND, () -> catchThrowable(() -> db.wrapped(breakable::wrap)
                    .transaction(tx -> tx.execute("create table frozen_commit (id int)"))));

            assertThat(silent).isInstanceOf(OutcomeUnknownException.class);
            assertRefusedByTheCircuit(db);
        }
    }

    /**
     * The next caller is refused by the circuit, not by the pool after checking an idle
     * connection against the frozen server (which takes up to the connect timeout).
     */
    private static void assertRefusedByTheCircuit(Database db) {
        Throwable next = catchThrowable(() -> db.dsl().fetchValue("select 1"));

        assertThat(next).isInstanceOf(DatabaseUnavailableException.class).hasRootCauseMessage(
                "The database is known to be down.");
    }
}
