package stet.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A script's view of stet's JSON API (/api/v1): requests with the client's credentials
 * and any extra headers, answers with their status, headers and body read as JSON (exact
 * decimals). Each request names its method, path, headers and body, so a test reads like
 * the curl line it stands for.
 */
public final class ApiClient {

    /** One answer: its status, its headers and its body. */
    public record Answer(int status, HttpHeaders headers, String body) {

        private static final ObjectMapper MAPPER = new ObjectMapper()
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The ETag header, as sent (with its quotes). */
        public String etag() {
            return header("ETag");
        }

        /** The version the ETag names. */
        public int version() {
            return Integer.parseInt(etag().replace("\"", ""));
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String base;
    private final Map<String, String> credentials;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param credentials headers sent with every request (say, {@code Authorization: Bearer …}) */
    public ApiClient(int port, Map<String, String> credentials) {
        this.base = "http://localhost:" + port;
        this.credentials = Map.copyOf(credentials);
    }

    /** A client that sends {@code Authorization: Bearer {token}}. */
    public static ApiClient bearer(int port, String token) {
        return new ApiClient(port, Map.of("Authorization", "Bearer " + token));
    }

    /** A client with no credentials. */
    public static ApiClient anonymous(int port) {
        return new ApiClient(port, Map.of());
    }

    public Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Answer post(String path, String json, String... headers) {
        return send("POST", path, json, with("Content-Type", "application/json", headers));
    }

    public Answer put(String path, String json, String... headers) {
        return send("PUT", path, json, with("Content-Type", "application/json", headers));
    }

    public Answer patch(String path, String json, String... headers) {
        return send("PATCH", path, json, with("Content-Type", "application/merge-patch+json", headers));
    }

    public Answer delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /**
     * Any request: {@code headers} are name, value pairs, sent after (so overriding) the
     * credentials; a null {@code body} sends none.
     */
    public Answer send(String method, String path, String body, String... headers) {
        Map<String, String> all = new LinkedHashMap<>(credentials);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code headers} with a default for {@code name} in front (a later pair with the same name wins). */
    private static String[] with(String name, String value, String[] headers) {
        String[] all = new String[headers.length + 2];
        all[0] = name;
        all[1] = value;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }
}
