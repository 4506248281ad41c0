package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.support.TestPostgres;

/**
 * The pool's connections and the maintenance connections are told apart in
 * {@code pg_stat_activity}: only the pool's have the timeouts, so whoever looks at what
 * waits on a lock must know which may wait long. The driver's own bound on a wait for the
 * server (the socket timeout) is on the pool's and the listening connection, not on
 * maintenance, which may wait for minutes.
 */
@ExtendWith(TestPostgres.class)
class ConnectionNamesIT {

    private static final String SETTINGS =
            "select current_setting('application_name') || ' ' || current_setting('lock_timeout')";

    @Test
    void the_pool_is_stet_with_its_timeouts_and_maintenance_is_named_apart_without_them(Database db) throws Exception {
        String pool = String.valueOf(db.dsl().fetchValue(SETTINGS));
        String maintenance = db.maintenance(c -> String.valueOf(c.fetchValue(SETTINGS)));

        assertThat(pool).startsWith("stet ").isNotEqualTo("stet 0");
        assertThat(maintenance).isEqualTo(Database.MAINTENANCE + " 0");
    }

    @Test
    void the_pool_and_dedicated_connections_wait_on_the_socket_at_most_the_socket_timeout_and_maintenance_without_one(
            Database db) throws Exception {
        long socket = DatabaseTimeouts.DEFAULTS.socket().toMillis();

        int pool = db.dsl().connectionResult(Connection::getNetworkTimeout);
        int dedicated;
        try (Connection c = db.openDedicated()) {
            dedicated = c.getNetworkTimeout();
        }
        int maintenance = db.maintenance(dsl -> dsl.connectionResult(Connection::getNetworkTimeout));

        assertThat(pool).isEqualTo(socket);
        assertThat(dedicated).isEqualTo(socket);
        assertThat(maintenance).isZero();
    }
}
