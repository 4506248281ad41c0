package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.support.TestPostgres;

/**
 * A node starting while PostgreSQL is slow to accept connections (a loaded machine, a
 * server busy with other nodes) still migrates: the short connect timeout that makes
 * requests fail fast does not bound the start-up's migration.
 */
@ExtendWith(TestPostgres.class)
class SlowStartIT {

    @Test
    void the_migration_waits_for_a_server_slower_to_answer_than_the_requests_connect_timeout(DatabaseUrl url)
            throws Exception {
        DatabaseTimeouts timeouts = new DatabaseTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        // The migration's two connections arrive while the server takes 1.5 s to answer.
        try (SlowProxy proxy = new SlowProxy(url, 2, Duration.ofMillis(1_500));
                Database db = Database.connect(proxy.url(), timeouts)) {
            assertThat(proxy.delayed()).isEqualTo(2);
            assertThat(db.dsl().fetchOne("select count(*) from flyway_schema_history where not success").get(0, Long.class))
                    .isZero();
            assertThat(db.dsl().fetchOne("select 1").get(0, Integer.class)).isEqualTo(1);
        }
    }

    /** Relays connections to the database; the first {@code slowOnes} start only after {@code delay}. */
    private static final class SlowProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final DatabaseUrl target;
        private final String host;
        private final int port;
        private final AtomicInteger accepted = new AtomicInteger();
        private final int slowOnes;
        private final Duration delay;

        SlowProxy(DatabaseUrl target, int slowOnes, Duration delay) throws IOException {
            Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(target.jdbcUrl());
            if (!m.find()) {
                throw new IllegalArgumentException("not a host:port URL: " + target.jdbcUrl());
            }
            this.target = target;
            this.host = m.group(1);
            this.port = Integer.parseInt(m.group(2));
            this.slowOnes = slowOnes;
            this.delay = delay;
            Thread acceptor = new Thread(this::accept, "slow-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        DatabaseUrl url() {
            String jdbcUrl = target.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + server.getLocalPort() + "/");
            return new DatabaseUrl(jdbcUrl, target.user(), target.password());
        }

        int delayed() {
            return Math.min(accepted.get(), slowOnes);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    boolean slow = accepted.incrementAndGet() <= slowOnes;
                    Thread relay = new Thread(() -> relay(client, slow), "slow-proxy-relay");
                    relay.setDaemon(true);
                    relay.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void relay(Socket client, boolean slow) {
            try (client; Socket upstream = new Socket(host, port)) {
                if (slow) {
                    Thread.sleep(delay.toMillis()); // the server's slowness under test, not a wait for a race
                }
                Thread back = new Thread(() -> copy(upstream, client), "slow-proxy-back");
                back.setDaemon(true);
                back.start();
                copy(client, upstream);
                back.join();
            } catch (IOException | InterruptedException e) {
                // The connection ended.
            }
        }

        private static void copy(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed.
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
