package stet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for in-process HTTP tests: keeps cookies, does not follow
 * redirects (tests assert them), and reads hidden form fields out of pages.
 */
public final class WebClient {

    /** A response: status, body and the Location header of a redirect. */
    public record Page(int status, String body, String location) {

        /** The value of the first hidden input named {@code name}. */
        public String hidden(String name) {
            Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"")
                    .matcher(body);
            if (!m.find()) {
                throw new AssertionError("no hidden field '" + name + "' in page:\n" + body);
            }
            return unescape(m.group(1));
        }

        /** Every hidden input of the page; of repeated names the last value (a ticked checkbox's "true"). */
        public Map<String, String> hiddenFields() {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(body);
            while (m.find()) {
                fields.put(unescape(m.group(1)), unescape(m.group(2)));
            }
            return fields;
        }

        private static String unescape(String html) {
            return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
        }
    }

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    public WebClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Page getJson(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET().build());
    }

    /** POSTs a form exactly as given (no CSRF token added). */
    public Page postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public Page post(String path, Map<String, String> form) {
        return postRaw(path, encode(form));
    }

    /** Logs in through the form and asserts it worked. */
    public WebClient logIn(String username, String password) {
        Page login = get("/login");
        Page result = post("/login", form("_csrf", login.hidden("_csrf"), "username", username, "password", password));
        if (result.status() != 303) {
            throw new AssertionError("login of " + username + " failed: " + result.status());
        }
        return this;
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    public static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
