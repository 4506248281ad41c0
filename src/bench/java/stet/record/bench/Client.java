package stet.record.bench;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' load generator: a lean logged-in HTTP/1.1 client. One blocking keep-alive
 * socket per port, the session cookie and nothing else (no flash cookie kept, so no page takes
 * a message), hidden fields read with one precompiled pattern.
 *
 * <p>It shares the two cores with the server it measures, as pgbench (C) shares them with
 * PostgreSQL, so it is written on a plain socket: {@code java.net.http.HttpClient} took about a
 * quarter of the benchmark JVM's CPU (its selector thread, futures and per-request objects).
 * A response's body is kept as bytes and decoded only when asked for.
 *
 * <p>One client is used by one thread at a time.
 */
public final class Client {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

    private final int port;
    private final byte[] cookieHeader;
    private final String origin;
    private final Map<Integer, Connection> connections = new HashMap<>();

    public Client(int port, String cookie) {
        this.port = port;
        this.origin = "http://localhost:" + port;
        this.cookieHeader = ("Cookie: " + cookie + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** GETs {@code path} on stet, checks the status and returns the body. */
    public String get(String path, int expected) {
        return fetch(port, path, expected).body();
    }

    /**
     * GETs {@code path} on stet and checks the status; the body is read but not decoded: a
     * load generator that turned every 40 KB page into a string would spend the cores it
     * shares with the server on work no user's browser does on them.
     */
    public void load(String path, int expected) {
        fetch(port, path, expected);
    }

    /** GETs {@code portAndPath} ("7070/records/1"), checks the status; the body is not decoded. */
    void getUrl(String portAndPath, int expected) {
        int slash = portAndPath.indexOf('/');
        fetch(Integer.parseInt(portAndPath.substring(0, slash)), portAndPath.substring(slash), expected);
    }

    private Connection.Response fetch(int port, String path, int expected) {
        Connection.Response response = connection(port).exchange(
                ("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII),
                null);
        if (response.status() != expected) {
            throw new IllegalStateException("GET " + port + path + " answered " + response.status() + ":\n" + response.body());
        }
        return response;
    }

    /** POSTs a save of record {@code id}; it must answer 303 to the record. */
    public void save(long id, String form) {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        String head = "POST /records/" + id + " HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nOrigin: " + origin
                + "\r\nSec-Fetch-Site: same-origin\r\nContent-Length: " + body.length + "\r\n";
        Connection.Response response = connection(port).exchange(head.getBytes(StandardCharsets.US_ASCII), body);
        if (response.status() != 303 || !("/records/" + id).equals(response.location())) {
            throw new IllegalStateException("save of record " + id + " answered " + response.status() + " "
                    + response.location() + ":\n" + response.body());
        }
    }

    public Map<String, String> hiddenFields(String page) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return fields;
    }

    private Connection connection(int port) {
        return connections.computeIfAbsent(port, p -> new Connection(p, cookieHeader));
    }

    /**
     * One keep-alive connection: writes a request, reads its response (a Content-Length body, a
     * chunked one, or one up to the close), and opens the socket again when the server closed it.
     */
    static final class Connection {
        record Response(int status, String location, byte[] bytes, int length) {
            String body() {
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
        }

        private final int port;
        private final byte[] cookieHeader;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;
        private byte[] body = new byte[64 * 1024];
        private int bodyLength;

        Connection(int port, byte[] cookieHeader) {
            this.port = port;
            this.cookieHeader = cookieHeader;
        }

        /** Sends the request's start line and headers ({@code head}, each line ended), the cookie, and its body if any. */
        Response exchange(byte[] head, byte[] requestBody) {
            boolean reused = socket != null;
            try {
                return send(head, requestBody);
            } catch (IOException e) {
                close();
                if (!reused) {
                    throw new UncheckedIOException(e);
                }
            }
            // The server may close a keep-alive connection it found idle: once more on a new one.
            try {
                return send(head, requestBody);
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
        }

        private Response send(byte[] head, byte[] requestBody) throws IOException {
            if (socket == null) {
                open();
            }
            out.write(head);
            out.write(cookieHeader);
            out.write('\r');
            out.write('\n');
            if (requestBody != null) {
                out.write(requestBody);
            }
            out.flush();
            return read();
        }

        private void open() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("localhost", port), 5_000);
            in = socket.getInputStream();
            // Buffered so that a request goes out in one write.
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            position = 0;
            limit = 0;
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a broken socket: nothing left to do with it.
                }
                socket = null;
            }
        }

        private Response read() throws IOException {
            String statusLine = line();
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            boolean closing = false;
            String location = null;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Location")) {
                    location = value;
                } else if (name.equalsIgnoreCase("Connection")) {
                    closing = value.equalsIgnoreCase("close");
                }
            }
            bodyLength = 0;
            if (chunked) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    bodyBytes(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (contentLength >= 0) {
                bodyBytes(Math.toIntExact(contentLength));
            } else if (status >= 200 && status != 204 && status != 304) {
                closing = true;
                while (fill()) {
                    append(limit - position);
                }
            }
            Response response = new Response(status, location, body, bodyLength);
            if (closing) {
                close();
            }
            return response;
        }

        private int chunkSize() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            return Integer.parseInt(semicolon < 0 ? line.trim() : line.substring(0, semicolon).trim(), 16);
        }

        private void bodyBytes(int n) throws IOException {
            while (n > 0) {
                if (position == limit && !fill()) {
                    throw new EOFException("the connection closed inside a body");
                }
                int take = Math.min(n, limit - position);
                append(take);
                n -= take;
            }
        }

        private void append(int n) {
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
            }
            System.arraycopy(buffer, position, body, bodyLength, n);
            bodyLength += n;
            position += n;
        }

        /** One line of the head, without its CRLF (headers are ASCII). */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (position == limit && !fill()) {
                    throw new EOFException("the connection closed inside a response's head");
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) (b & 0xff));
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }
    }
}
