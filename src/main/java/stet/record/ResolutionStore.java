package stet.record;

import static stet.db.jooq.Tables.APP_USER;
import static stet.db.jooq.Tables.MERGE_RESOLUTION;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Remembered resolutions of merge conflicts, per collection, keyed by the hash of their three texts. */
final class ResolutionStore {

    private final DSLContext dsl;

    ResolutionStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The remembered resolutions among {@code hashes}, by hash (hex). */
    Map<String, RememberedResolution> find(long collectionId, Collection<String> keys) {
        Map<String, RememberedResolution> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<byte[]> hashes = keys.stream().map(HexFormat.of()::parseHex).toList();
        dsl.select(MERGE_RESOLUTION.TEXTS_HASH, MERGE_RESOLUTION.RESOLUTION, APP_USER.DISPLAY_NAME,
                        MERGE_RESOLUTION.RESOLVED_AT)
                .from(MERGE_RESOLUTION)
                .leftJoin(APP_USER).on(APP_USER.ID.eq(MERGE_RESOLUTION.RESOLVED_BY))
                .where(MERGE_RESOLUTION.COLLECTION_ID.eq(collectionId)
                        .and(MERGE_RESOLUTION.TEXTS_HASH.in(hashes)))
                .forEach(r -> found.put(HexFormat.of().formatHex(r.value1()),
                        new RememberedResolution(r.value2(), r.value3(), r.value4().toInstant())));
        return found;
    }

    /** Remembers each resolution (hash in hex → text) by {@code userId}; the latest replaces an earlier one. */
    void remember(long collectionId, Map<String, String> resolutions, long userId) {
        if (resolutions.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(MERGE_RESOLUTION, MERGE_RESOLUTION.COLLECTION_ID, MERGE_RESOLUTION.TEXTS_HASH,
                MERGE_RESOLUTION.RESOLUTION, MERGE_RESOLUTION.RESOLVED_BY, MERGE_RESOLUTION.RESOLVED_AT);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Map.Entry<String, String> e : resolutions.entrySet()) {
            insert = insert.values(collectionId, HexFormat.of().parseHex(e.getKey()), e.getValue(), userId, now);
        }
        insert.onConflict(MERGE_RESOLUTION.COLLECTION_ID, MERGE_RESOLUTION.TEXTS_HASH)
                .doUpdate()
                .set(MERGE_RESOLUTION.RESOLUTION, DSL.excluded(MERGE_RESOLUTION.RESOLUTION))
                .set(MERGE_RESOLUTION.RESOLVED_BY, DSL.excluded(MERGE_RESOLUTION.RESOLVED_BY))
                .set(MERGE_RESOLUTION.RESOLVED_AT, DSL.excluded(MERGE_RESOLUTION.RESOLVED_AT))
                .execute();
    }
}
