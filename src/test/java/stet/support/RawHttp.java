package stet.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A client for hostile requests, over a plain socket: any method, any request target
 * (broken percent-encoding included, which {@code java.net.URI} refuses to build), any
 * Content-Type and any body bytes, with the cookies of a session. {@link WebClient} is
 * for well-formed browser traffic; this is for what a browser would never send.
 */
public final class RawHttp {

    /** A response: status, body, the Location header of a redirect, and the whole header block ({@code head}). */
    public record Answer(int status, String body, String location, String head) {

        /** The value of the first header named {@code name} (any case), or null. */
        public String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \\t]*(.*?)[ \\t]*$").matcher(head);
            return m.find() ? m.group(1) : null;
        }
    }

    private static final Pattern SET_COOKIE = Pattern.compile("(?im)^set-cookie:\\s*([^=;\\s]+)=([^;\\r\\n]*)(.*)$");

    private final int port;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String authorization;

    public RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends {@code Authorization: Bearer <secret>} with every request from now on (an API
     * token, e.g. from {@link ApiClient#secretFor}); null stops it. Returns this client.
     */
    public RawHttp bearer(String secret) {
        this.authorization = secret == null ? null : "Bearer " + secret;
        return this;
    }

    /** Logs in through the form and asserts it worked; returns the session's CSRF token. */
    public String logIn(String username, String password) {
        String csrf = csrfOf(send("GET", "/login", null, null).body());
        Answer result = send("POST", "/login", "application/x-www-form-urlencoded",
                ("_csrf=" + csrf + "&username=" + username + "&password=" + password).getBytes(StandardCharsets.UTF_8));
        if (result.status() != 303) {
            throw new AssertionError("login of " + username + " failed: " + result.status());
        }
        return csrfOf(send("GET", "/collections", null, null).body());
    }

    /** The CSRF token a page carries (every page has the logout or the login form). */
    public static String csrfOf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no _csrf in page:\n" + html);
        }
        return m.group(1);
    }

    /**
     * Sends one request. {@code target} is the path and query exactly as they go on the
     * wire; {@code contentType} null sends none; {@code body} null sends no body.
     */
    public Answer send(String method, String target, String contentType, byte[] body) {
        return send(method, target, contentType, body, false);
    }

    /** Sends the body in one chunk ({@code Transfer-Encoding: chunked}), so without a Content-Length. */
    public Answer sendChunked(String method, String target, String contentType, byte[] body) {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunked.writeBytes(body);
        chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return send(method, target, contentType, chunked.toByteArray(), true);
    }

    private Answer send(String method, String target, String contentType, byte[] body, boolean chunked) {
        Long length = chunked ? Long.valueOf(-1) : body == null ? null : Long.valueOf(body.length);
        byte[] head = head(method, target, contentType, length, true);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            // The server may answer (413) and close before reading the whole body: read while
            // writing, so the answer is kept even when the rest of the body cannot be sent.
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> readUntilClosed(socket, received), "raw-http-reader");
            reader.start();
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // reported by the reader: the answer is what counts
            }
            reader.join();
            synchronized (received) {
                return parse(received.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request's head. {@code length}: the Content-Length to announce, null for none, or -1
     * for {@code Transfer-Encoding: chunked}; {@code extra}: more header lines ("Name: value").
     */
    private byte[] head(String method, String target, String contentType, Long length, boolean close, String... extra) {
        StringBuilder text = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n");
        if (close) {
            text.append("Connection: close\r\n");
        }
        if (!cookies.isEmpty()) {
            text.append("Cookie: ").append(cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))).append("\r\n");
        }
        if (authorization != null) {
            text.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (contentType != null) {
            text.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (length != null && length < 0) {
            text.append("Transfer-Encoding: chunked\r\n");
        } else if (length != null) {
            text.append("Content-Length: ").append(length).append("\r\n");
        }
        for (String line : extra) {
            text.append(line).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Opens a connection that stays open from one request to the next (keep-alive), as a
     * browser's does, with this client's cookies; on it a request may also be sent a part at
     * a time, as a slow client sends it.
     */
    public Connection open() {
        try {
            Socket socket = new Socket("localhost", port);
            socket.setSoTimeout(30_000);
            return new Connection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("connect to " + port, e);
        }
    }

    /** One open connection: requests are sent on it and their answers read one at a time. */
    public final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        /** Sends a whole request, leaving the connection open, and reads its answer. */
        public Answer exchange(String method, String target, String contentType, byte[] body, String... headers) {
            begin(method, target, contentType, body == null ? new byte[0] : body, body == null ? 0 : body.length, headers);
            return answer();
        }

        /**
         * Sends a request's head and the first {@code sent} bytes of {@code body}: the server
         * has the request, and waits for the rest ({@link #write}).
         */
        public void begin(String method, String target, String contentType, byte[] body, int sent, String... headers) {
            Long length = body.length == 0 && contentType == null ? null : (long) body.length;
            write(head(method, target, contentType, length, false, headers));
            write(java.util.Arrays.copyOfRange(body, 0, sent));
        }

        /** Sends {@code bytes} as they are. */
        public void write(byte[] bytes) {
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads the next answer on this connection: its head, then its body by its length or its chunks. */
        public Answer answer() {
            try {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                while (!endsWithBlankLine(raw)) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException("the connection closed before an answer: " + raw.toString(StandardCharsets.ISO_8859_1));
                    }
                    raw.write(b);
                }
                String headers = raw.toString(StandardCharsets.ISO_8859_1);
                Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(headers);
                if (length.find()) {
                    raw.write(in.readNBytes(Integer.parseInt(length.group(1))));
                } else if (Pattern.compile("(?im)^transfer-encoding:\\s*chunked").matcher(headers).find()) {
                    for (String size; !(size = line()).isEmpty(); ) {
                        int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                        raw.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        raw.write(in.readNBytes(n + 2));
                        if (n == 0) {
                            break;
                        }
                    }
                } else if (!headers.matches("(?s)HTTP/1\\.1 (1\\d\\d|204|304) .*")) {
                    raw.write(in.readAllBytes());
                }
                return parse(raw.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the server closed this connection: a read finds its end. */
        public boolean closedByServer() {
            try {
                return in.read() < 0;
            } catch (IOException reset) {
                return true;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        private static boolean endsWithBlankLine(ByteArrayOutputStream raw) {
            byte[] bytes = raw.toByteArray();
            int n = bytes.length;
            return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
        }
    }

    private static void readUntilClosed(Socket socket, ByteArrayOutputStream received) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // A reset after the answer: what arrived is the answer.
        }
    }

    private Answer parse(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new UncheckedIOException(new IOException("no complete response: " + all));
        }
        String headers = all.substring(0, end);
        int status = Integer.parseInt(headers.substring(9, 12));
        Matcher cookie = SET_COOKIE.matcher(headers);
        while (cookie.find()) {
            boolean expired = cookie.group(2).isEmpty() || cookie.group(3).toLowerCase().contains("max-age=0");
            if (expired) {
                cookies.remove(cookie.group(1));
            } else {
                cookies.put(cookie.group(1), cookie.group(2));
            }
        }
        Matcher location = Pattern.compile("(?im)^location:\\s*(.*)$").matcher(headers);
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (Pattern.compile("(?im)^transfer-encoding:\\s*chunked").matcher(headers).find()) {
            body = dechunk(body);
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8), location.find() ? location.group(1).strip() : null,
                headers);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrlf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
