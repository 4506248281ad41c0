package stet.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/** Two stet nodes on one PostgreSQL, each with its own pool as separate processes would have, and clients for storms on them. */
@ExtendWith(TestPostgres.class)
abstract class TwoNodes {

    static App nodeA;
    static App nodeB;

    @BeforeAll
    static void startNodes(DatabaseUrl url) {
        // Started one after the other.
        nodeA = TestApp.start(Database.connect(url));
        nodeB = TestApp.start(Database.connect(url));
    }

    @AfterAll
    static void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    /** What one client of a storm does, with its own logged-in browser. */
    interface ClientWork {
        void run(int client, WebClient browser) throws Exception;
    }

    /**
     * {@code count} browsers logged in one after the other, the even ones on node {@code a},
     * the odd ones on {@code b}, as alice and bob in turn (two of each at a time). One after
     * the other: a username's attempts are counted before their check, so more than five in
     * flight at once for one account would lock it as parallel guessing does.
     */
    static List<WebClient> browsers(App a, App b, int count) {
        List<WebClient> browsers = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            browsers.add(new WebClient((c % 2 == 0 ? a : b).port()).logIn(c % 4 < 2 ? "alice" : "bob",
                    TestApp.DEMO_PASSWORD));
        }
        return browsers;
    }

    /** Runs {@code work} for every browser at once, released together; fails if any fails or outlasts {@code seconds}. */
    static void together(List<WebClient> browsers, long seconds, ClientWork work) throws Exception {
        CyclicBarrier startTogether = new CyclicBarrier(browsers.size());
        ExecutorService pool = Executors.newFixedThreadPool(browsers.size());
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < browsers.size(); c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    startTogether.await(60, TimeUnit.SECONDS);
                    work.run(client, browsers.get(client));
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(seconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
