package stet.db;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location given as a JDBC URL ({@code jdbc:postgresql://…}) or in the
 * {@code postgres://user:password@host:port/database} form that hosting platforms
 * hand out. User and password may be part of either.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /**
     * Where it points, for a message: the JDBC URL without its parameters, which may hold a
     * password, and without any {@code user:password@} before the host.
     */
    public String described() {
        int query = jdbcUrl.indexOf('?');
        String location = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        int authority = location.indexOf("//");
        if (authority < 0) {
            return location;
        }
        int path = location.indexOf('/', authority + 2);
        int at = location.lastIndexOf('@', path < 0 ? location.length() : path);
        return at <= authority ? location : location.substring(0, authority + 2) + location.substring(at + 1);
    }

    public static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, null, null);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with jdbc:postgresql:, postgres:// or postgresql://");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // Not the exception's message: it repeats the URL, password and all.
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getReason() + " at character "
                    + (e.getIndex() + 1) + " (percent-encode special characters in the user and password)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL names no host");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, password);
    }

    /**
     * A user or password as the URL percent-encodes it. Not {@link java.net.URLDecoder}, which
     * decodes a form: it would read a password's {@code +} as a space, and its errors quote
     * the text.
     */
    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException(MALFORMED_ESCAPE);
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(MALFORMED_ESCAPE);
        }
    }

    private static final String MALFORMED_ESCAPE = "DATABASE_URL's user or password has a % that does not begin"
            + " a UTF-8 character's escape (%XX); write a % itself as %25";
}
