package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Config;
import stet.db.Database;
import stet.support.TestApp;
import stet.support.TestPostgres;

/**
 * With {@code STET_METRICS_TOKEN} set, a request that is not from loopback (here: one a
 * proxy forwarded, which is how a remote scraper looks from the machine) needs the
 * bearer token; loopback stays open.
 */
@ExtendWith(TestPostgres.class)
class MetricsTokenWebIT {

    private static final String TOKEN = "scrape-me-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static App app;

    @BeforeAll
    static void start(Database db) {
        app = App.start(new Config(0, Optional.empty(), Path.of("unused"), Optional.of(TestApp.ADMIN_PASSWORD), true,
                TestApp.DEMO_PASSWORD, Optional.empty(), false, Optional.of(TOKEN)), db);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_forwarded_request_needs_the_bearer_token() throws Exception {
        HttpResponse<String> without = get(null);
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"stet metrics\"");
        assertThat(without.body()).doesNotContain("jvm_");

        HttpResponse<String> wrong = get("Bearer " + TOKEN + "0");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("jvm_");

        HttpResponse<String> right = get("Bearer " + TOKEN);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("stet_saves_total{outcome=\"saved\"} 0");
    }

    @Test
    void loopback_needs_no_token() throws Exception {
        HttpResponse<String> local = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body()).contains("jvm_memory_used_bytes");
    }

    private static HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics"))
                .header("X-Forwarded-For", "198.51.100.4");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
