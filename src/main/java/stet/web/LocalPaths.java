package stet.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for where stet may send a browser on someone else's say-so (a login's
 * {@code next}, a flash message's link): a path on this site. After percent-decoding,
 * the value must start with exactly one {@code /}, not followed by {@code /} or
 * {@code \}, and hold no control character or whitespace anywhere. Anything else could
 * be read by a browser as another host ({@code //evil}, {@code /\evil}, and
 * {@code /<tab>/evil}, since browsers drop tabs and newlines from URLs).
 */
public final class LocalPaths {

    /** Enough for any honest value; a value still changing after this many decodings is refused. */
    private static final int MAX_DECODINGS = 4;

    private LocalPaths() {}

    /** {@code candidate} when it is a local path by the rule above, else {@code "/"}. */
    public static String orRoot(String candidate) {
        return isLocal(candidate) ? candidate : "/";
    }

    public static boolean isLocal(String candidate) {
        if (candidate == null || !plainLocal(candidate)) {
            return false;
        }
        // Decode repeatedly: whatever reads the value next (a proxy, a browser, stet
        // itself) may decode it once more, and every form it can take must pass.
        String value = candidate;
        for (int i = 0; i < MAX_DECODINGS; i++) {
            Optional<String> decoded = percentDecode(value);
            if (decoded.isEmpty() || !plainLocal(decoded.get())) {
                return false;
            }
            if (decoded.get().equals(value)) {
                return true;
            }
            value = decoded.get();
        }
        return false;
    }

    private static boolean plainLocal(String value) {
        if (value.isEmpty() || value.charAt(0) != '/') {
            return false;
        }
        if (value.length() > 1 && (value.charAt(1) == '/' || value.charAt(1) == '\\')) {
            return false;
        }
        return value.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)
                || Character.isSpaceChar(c));
    }

    /** Percent-decoding as in URLs (a '+' stays a '+'); empty when the encoding is broken. */
    private static Optional<String> percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return Optional.of(value);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                return Optional.empty();
            }
            int high = Character.digit(raw[i + 1], 16);
            int low = Character.digit(raw[i + 2], 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
