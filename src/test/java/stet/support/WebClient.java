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
import java.util.List;
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

        /**
         * The fields a browser would submit from the form with {@code data-testid=testId}:
         * inputs (checkboxes and radios only when checked), textareas and selects, in
         * document order, each with all its values.
         */
        public Map<String, List<String>> form(String testId) {
            int start = body.indexOf("data-testid=\"" + testId + "\"");
            if (start < 0) {
                throw new AssertionError("no form '" + testId + "' in page:\n" + body);
            }
            int end = body.indexOf("</form>", start);
            String form = body.substring(start, end);
            Map<String, List<String>> fields = new LinkedHashMap<>();
            Matcher tag = Pattern.compile("<input[^>]*>|<textarea([^>]*)>(.*?)</textarea>|<select([^>]*)>(.*?)</select>",
                    Pattern.DOTALL).matcher(form);
            while (tag.find()) {
                String html = tag.group();
                if (html.startsWith("<input")) {
                    Map<String, String> a = attributes(html);
                    String type = a.getOrDefault("type", "text");
                    boolean checkable = type.equals("checkbox") || type.equals("radio");
                    if (a.containsKey("name") && (!checkable || a.containsKey("checked"))) {
                        fields.computeIfAbsent(a.get("name"), k -> new java.util.ArrayList<>()).add(a.getOrDefault("value", checkable ? "on" : ""));
                    }
                } else if (html.startsWith("<textarea")) {
                    String content = unescape(tag.group(2));
                    // A browser drops one newline right after <textarea>.
                    content = content.startsWith("\n") ? content.substring(1) : content;
                    fields.computeIfAbsent(attributes(tag.group(1)).get("name"), k -> new java.util.ArrayList<>()).add(content);
                } else {
                    Matcher option = Pattern.compile("<option([^>]*)>").matcher(tag.group(4));
                    String value = null;
                    while (option.find()) {
                        Map<String, String> a = attributes(option.group(1));
                        if (value == null || a.containsKey("selected")) {
                            value = a.getOrDefault("value", "");
                            if (a.containsKey("selected")) {
                                break;
                            }
                        }
                    }
                    fields.computeIfAbsent(attributes(tag.group(3)).get("name"), k -> new java.util.ArrayList<>())
                            .add(value == null ? "" : value);
                }
            }
            return fields;
        }

        /** Whether the page has an element with {@code data-testid=testId}. */
        public boolean has(String testId) {
            return body.contains("data-testid=\"" + testId + "\"");
        }

        /** The attributes of the first element with {@code data-testid=testId}; fails when there is none. */
        public Map<String, String> element(String testId) {
            int at = body.indexOf("data-testid=\"" + testId + "\"");
            if (at < 0) {
                throw new AssertionError("no element '" + testId + "' in page:\n" + body);
            }
            int start = body.lastIndexOf('<', at);
            return attributes(body.substring(start, body.indexOf('>', at) + 1));
        }

        /**
         * The text of the first element with {@code data-testid=testId}, tags dropped and
         * spaces folded (up to the first closing tag of its name: not for an element nested in its like).
         */
        public String text(String testId) {
            element(testId);
            int at = body.indexOf("data-testid=\"" + testId + "\"");
            int open = body.indexOf('>', at) + 1;
            String tag = body.substring(body.lastIndexOf('<', at) + 1).split("[\\s>]", 2)[0];
            int close = body.indexOf("</" + tag + ">", open);
            return unescape(body.substring(open, close).replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").strip();
        }

        private static Map<String, String> attributes(String html) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?").matcher(html.replaceFirst("^<\\w+", ""));
            while (m.find()) {
                attributes.put(m.group(1), m.group(2) == null ? "" : unescape(m.group(2)));
            }
            return attributes;
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

    /**
     * POSTs a form exactly as given (no CSRF token added), with the headers a browser
     * sends for a form on one of stet's own pages.
     */
    public Page postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base)
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /**
     * POSTs a form the way a page on {@code origin} makes this browser send it: marked
     * cross-site and, as SameSite=Lax cookies are not sent on a cross-site POST, without
     * stet's cookies. Cookies the answer sets are kept, as a browser keeps them.
     */
    public Page postFromOtherSite(String origin, String path, Map<String, String> form) {
        URI uri = URI.create(base + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin)
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            cookies.put(uri, response.headers().map());
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Page post(String path, Map<String, String> form) {
        return postRaw(path, encode(form));
    }

    /** POSTs a form with several values per name, as {@link Page#form} returns it. */
    public Page postForm(String path, Map<String, List<String>> form) {
        return postRaw(path, form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&")));
    }

    /**
     * POSTs {@code form} to the action of {@code page}'s form {@code testId} as a browser
     * submits that form: {@code multipart/form-data} when the form's {@code enctype} says so
     * (every value in UTF-8, as it is), else {@code application/x-www-form-urlencoded}.
     */
    public Page submit(Page page, String testId, Map<String, List<String>> form) {
        Map<String, String> attributes = page.element(testId);
        String action = attributes.get("action").replace("&amp;", "&");
        if (!"multipart/form-data".equals(attributes.get("enctype"))) {
            return postForm(action, form);
        }
        String boundary = "----stet" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        form.forEach((name, values) -> values.forEach(value -> body.writeBytes(("--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8))));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return postMultipart(action, boundary, body.toByteArray());
    }

    /**
     * POSTs a multipart form as a browser sends a file upload: {@code fields} (no CSRF token
     * added) and one file, {@code content} under {@code fileField} named {@code filename}.
     */
    public Page upload(String path, Map<String, String> fields, String fileField, String filename, byte[] content) {
        String boundary = "----stet" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + filename + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return postMultipart(path, boundary, body.toByteArray());
    }

    private Page postMultipart(String path, String boundary, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Origin", base)
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** POSTs a form (no CSRF token added) and returns the whole response, headers included. */
    public HttpResponse<String> postResponse(String path, Map<String, String> form) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
    }

    /** The session's CSRF token, read from a page (every page has the logout or the login form). */
    public String csrfToken() {
        return RawHttp.csrfOf(get("/collections").body());
    }

    /** Opens a server-sent event stream at {@code path} with this browser's cookies (its own connection). */
    public EventStream events(String path) {
        return EventStream.open(URI.create(base + path), cookies);
    }

    /** POSTs with the session's CSRF token in the {@code X-CSRF-Token} header and no body, as a page's script does. */
    public HttpResponse<String> postWithToken(String path, String csrf) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
                .header("X-CSRF-Token", csrf)
                .header("Origin", base)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
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

    /** Sets a cookie for stet as if the server had set it earlier (a tampered or forged cookie). */
    public void putCookie(String name, String value) {
        java.net.HttpCookie cookie = new java.net.HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    /** A HEAD request for {@code path} with this browser's cookies: the status and headers of the answer. */
    public HttpResponse<String> head(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The response headers of a GET of {@code path}, sent with this browser's cookies. */
    public java.net.http.HttpHeaders headersOf(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).headers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        HttpResponse<String> response = exchange(request);
        return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
