package stet.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.auth.User;
import stet.error.DatabaseUnavailableException;

/**
 * Conflicts resolved before: what a merge page's save decided for each conflict, remembered
 * per collection under the hash of the conflict's three texts, and offered as the suggestion
 * when the same conflict comes up again. Remembering happens after the save has committed: a
 * resolution that could not be remembered costs a suggestion later, never the save.
 */
final class RememberedResolutions {

    private static final Logger LOG = LoggerFactory.getLogger(RememberedResolutions.class);

    private final ResolutionStore store;

    RememberedResolutions(ResolutionStore store) {
        this.store = store;
    }

    /** The key of a conflict: the SHA-256 (hex) of its original, theirs and yours texts, each length-prefixed. */
    static String key(String original, String theirs, String yours) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String text : new String[] {original, theirs, yours}) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The remembered resolutions of a collection among {@code keys}, by key. */
    Map<String, RememberedResolution> find(long collectionId, Collection<String> keys) {
        return store.find(collectionId, keys);
    }

    /** The text remembered for conflict {@code key} in a collection, if any. */
    Optional<String> text(long collectionId, String key) {
        return Optional.ofNullable(store.find(collectionId, List.of(key)).get(key)).map(RememberedResolution::text);
    }

    /** Remembers what {@code author} decided (key → text), after the save that decided it committed. */
    void remember(long collectionId, Map<String, String> decided, User author) {
        try {
            store.remember(collectionId, decided, author.id());
        } catch (DatabaseUnavailableException e) {
            LOG.warn("resolutions of {} conflicts not remembered: {}", decided.size(), e.getMessage());
        }
    }
}
