package stet.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import stet.support.ApiClient;

/**
 * The API tests' client: {@link ApiClient} (a bearer token, no cookie) with a verb per
 * method and answers read as JSON with exact decimals, so a test reads like the curl line
 * it stands for. A {@code Content-Type} among the headers replaces the method's default.
 */
final class JsonClient {

    /** One answer: its status, its headers and its body. */
    record Answer(int status, HttpHeaders headers, String body) {

        private static final ObjectMapper MAPPER = new ObjectMapper()
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The ETag header, as sent (with its quotes). */
        String etag() {
            return header("ETag");
        }

        /** The version the ETag names. */
        int version() {
            return Integer.parseInt(etag().replace("\"", ""));
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final ApiClient client;

    JsonClient(ApiClient client) {
        this.client = client;
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Answer post(String path, String json, String... headers) {
        return send("POST", path, "application/json", json, headers);
    }

    Answer put(String path, String json, String... headers) {
        return send("PUT", path, "application/json", json, headers);
    }

    Answer patch(String path, String json, String... headers) {
        return send("PATCH", path, "application/merge-patch+json", json, headers);
    }

    Answer delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    private Answer send(String method, String path, String contentType, String body, String... headers) {
        List<String> others = new ArrayList<>();
        String type = contentType;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                type = headers[i + 1];
            } else {
                others.add(headers[i]);
                others.add(headers[i + 1]);
            }
        }
        HttpResponse<String> response = client.send(method, path, type, body, others.toArray(String[]::new));
        return new Answer(response.statusCode(), response.headers(), response.body());
    }
}
