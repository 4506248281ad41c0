package stet.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a revision keeps of the request that wrote it ({@code revision.request_key}, V27):
 * the request's idempotency key with a digest of what it submitted (its values and its
 * comment). The same request sent again (a double click, a retry) has both and is found; a
 * form sent again with other values under the same key (the page the browser's Back button
 * shows, edited and saved once more) is another change and is not.
 */
public final class RequestKey {

    private RequestKey() {
    }

    /**
     * The key of an import row that changes a record from version {@code base} to
     * {@code proposed} (the base's values with the row's cells over them): the same row
     * imported again, from another upload of the same file, has it, and is found as written
     * (a delta field's change would otherwise be added twice).
     */
    public static String ofImportRow(int base, Map<String, String> proposed) {
        return of("import@" + base, proposed, "");
    }

    /** The key of a request with idempotency key {@code key} (null: none, and so null) submitting {@code values}. */
    static String of(String key, Map<String, String> values, String comment) {
        if (key == null) {
            return null;
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        // Each string with its length first: no two different submissions write the same bytes.
        new TreeMap<>(values).forEach((field, value) -> {
            add(sha256, field);
            add(sha256, value);
        });
        add(sha256, comment == null ? "" : comment);
        return key + "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
    }

    private static void add(MessageDigest sha256, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) ':');
        sha256.update(bytes);
    }
}
