package stet.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Who may read {@code /metrics}: anyone on the same machine (the TCP peer is a loopback
 * address and no proxy forwarded the request), and elsewhere whoever sends
 * {@code Authorization: Bearer} with {@code STET_METRICS_TOKEN}. Without a token the
 * metrics stay on the machine: a remote request is refused with 403.
 */
public final class MetricsAccess {

    /** What a request for the metrics gets. */
    public enum Verdict {
        ALLOWED,
        /** 401: a token is configured and the request did not send it. */
        UNAUTHORIZED,
        /** 403: no token is configured, so only loopback may read. */
        FORBIDDEN
    }

    /** Headers a proxy adds: with any of them, the loopback peer is the proxy, not the client. */
    static final String[] PROXY_HEADERS = {"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"};

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[^\\]]*)?\\]?");

    /** The token's digest: comparing digests takes the same time whatever was sent. */
    private final Optional<byte[]> tokenDigest;

    public MetricsAccess(Optional<String> token) {
        this.tokenDigest = token.map(MetricsAccess::sha256);
    }

    /**
     * @param peer the TCP peer's address, as the servlet reports it
     * @param headers the request's headers by name (null when absent)
     */
    public Verdict decide(String peer, UnaryOperator<String> headers) {
        if (isLoopback(peer) && !forwarded(headers)) {
            return Verdict.ALLOWED;
        }
        if (tokenDigest.isEmpty()) {
            return Verdict.FORBIDDEN;
        }
        return bearer(headers.apply("Authorization"))
                .filter(sent -> MessageDigest.isEqual(sha256(sent), tokenDigest.get()))
                .map(sent -> Verdict.ALLOWED)
                .orElse(Verdict.UNAUTHORIZED);
    }

    private static boolean forwarded(UnaryOperator<String> headers) {
        for (String name : PROXY_HEADERS) {
            if (headers.apply(name) != null) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).strip());
    }

    /** Whether an address literal is a loopback address; never resolves a name. */
    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        if (IPV4_LOOPBACK.matcher(address).matches()) {
            return true;
        }
        if (!address.contains(":") || !IPV6_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            // With a colon, this only parses the literal (it never looks a name up); ::ffff:127.0.0.1 is loopback too.
            String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
