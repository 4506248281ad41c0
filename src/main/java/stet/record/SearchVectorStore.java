package stet.record;

import static stet.db.jooq.Tables.COLLECTION;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;
import stet.db.Database;

/** The statements of {@link SearchVectors}: the keys a collection's vectors were made for, and making them again. */
final class SearchVectorStore {

    private final Database db;

    SearchVectorStore(Database db) {
        this.db = db;
    }

    /** The text fields' keys the collection's vectors were last made for; empty when unknown. */
    Optional<List<String>> searchKeys(long collectionId) {
        return db.dsl().select(COLLECTION.SEARCH_KEYS).from(COLLECTION).where(COLLECTION.ID.eq(collectionId))
                .fetchOptional(COLLECTION.SEARCH_KEYS)
                .map(Arrays::asList);
    }

    /**
     * Makes the vectors of the next {@code batch} records of the collection after id
     * {@code after} again, under its definition as it is now, and returns the last record's
     * id (empty: none left). The records are locked first, in the same transaction, so that
     * the vectors are made from their latest values and no save writes one in between; a
     * vector that comes out the same is not written.
     */
    Optional<Long> remake(long collectionId, long after, int batch) {
        return db.transaction(tx -> {
            Long[] ids = tx.fetch("select id from record where collection_id = ? and id > ? order by id limit ? for update",
                    collectionId, after, batch).into(Long.class).toArray(Long[]::new);
            if (ids.length == 0) {
                return Optional.<Long>empty();
            }
            tx.execute("""
                    insert into record_search (record_id, search)
                    select r.id, to_tsvector('simple'::regconfig, record_search_text(r.collection_id, r.data, null))
                    from record r where r.id = any({0})
                    on conflict (record_id) do update set search = excluded.search
                    where record_search.search is distinct from excluded.search""", DSL.val(ids));
            return Optional.of(ids[ids.length - 1]);
        });
    }

    /** Records that the collection's vectors are made for {@code keys}, if its definition is still at {@code version}. */
    void markMade(long collectionId, int version, List<String> keys) {
        db.dsl().update(COLLECTION).set(COLLECTION.SEARCH_KEYS, keys.toArray(String[]::new))
                .where(COLLECTION.ID.eq(collectionId), COLLECTION.VERSION.eq(version))
                .execute();
    }
}
