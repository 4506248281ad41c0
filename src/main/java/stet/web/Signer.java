package stet.web;

/**
 * Signs and checks short messages under the key every node shares, for state that
 * travels through the browser and comes back (flash cookies, form stamps). Each use
 * signs its own prefix, so a signature made for one purpose is worthless for another.
 */
public interface Signer {

    /** The signature of {@code message}, safe in a cookie or a form field. */
    String sign(String message);

    /** Whether {@code signature} was made over {@code message}; null is never valid. */
    boolean verify(String message, String signature);
}
