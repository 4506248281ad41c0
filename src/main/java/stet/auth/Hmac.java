package stet.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import stet.web.Signer;

/**
 * HMAC-SHA256 signatures under a key shared by every node (kept in the database), for
 * version tokens, anonymous CSRF tokens, form stamps and flash cookies. Each use signs a message
 * with its own prefix, so a signature made for one purpose is worthless for another.
 */
public final class Hmac implements Signer {

    private final SecretKeySpec key;
    /**
     * A keyed Mac per thread: looking up the provider and keying a new Mac cost more than
     * signing a token, and every page signs several. {@code doFinal} leaves it ready again.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public Hmac(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("an HMAC key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The URL-safe base64 signature of {@code message}. */
    @Override
    public String sign(String message) {
        byte[] signature = macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Compares in constant time; a null or malformed signature is simply not valid. */
    @Override
    public boolean verify(String message, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(message).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
