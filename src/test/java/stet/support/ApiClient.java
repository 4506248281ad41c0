package stet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import stet.App;
import stet.auth.ApiTokenService;
import stet.auth.TokenScope;
import stet.auth.User;
import stet.auth.UserStore;

/**
 * A script's client for stet's API ({@code /api/v1}): every request carries
 * {@code Authorization: Bearer <secret>} and no cookie; redirects are not followed; the
 * whole response (status, headers, body) is returned.
 *
 * <pre>
 * ApiClient alice = ApiClient.as(app, "alice", TokenScope.WRITE);   // mints a token for alice
 * HttpResponse&lt;String&gt; r = alice.get("/api/v1/me");
 * alice.json("PATCH", "/api/v1/records/7", "{\"name\":\"x\"}", "If-Match", "\"3\"", "Prefer", "merge");
 * </pre>
 */
public final class ApiClient {

    private final String base;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A client sending {@code secret} as its bearer token; null sends no Authorization header. */
    public ApiClient(int port, String secret) {
        this.base = "http://localhost:" + port;
        this.secret = secret;
    }

    /** A client with a new token (no expiry) of {@code username} (a demo user, or the admin) and {@code scope}. */
    public static ApiClient as(App app, String username, TokenScope scope) {
        return new ApiClient(app.port(), secretFor(app, username, scope));
    }

    /**
     * Mints a token for {@code username} with {@code scope} (no expiry) and returns its
     * secret, for {@code Authorization: Bearer <secret>}.
     */
    public static String secretFor(App app, String username, TokenScope scope) {
        User user = new UserStore(app.database().dsl()).findByUsername(username)
                .orElseThrow(() -> new AssertionError("no user " + username));
        return new ApiTokenService(app.database().dsl(), Clock.systemUTC())
                .issue(user, "test token of " + username, scope, Optional.empty()).secret();
    }

    public String secret() {
        return secret;
    }

    /** GET {@code path}; {@code headers} are name, value pairs (e.g. "If-None-Match", "\"3\""). */
    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    /** Sends {@code json} as {@code application/json} with {@code method}, and name, value pairs of headers. */
    public HttpResponse<String> json(String method, String path, String json, String... headers) {
        return send(method, path, "application/json", json, headers);
    }

    /**
     * Sends one request: {@code contentType} null sends none, {@code body} null sends no
     * body; {@code headers} are name, value pairs.
     */
    public HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers are name, value pairs");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
