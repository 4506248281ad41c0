package stet.record;

import java.util.List;
import java.util.concurrent.ExecutionException;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.imports.ImportLimits;
import stet.imports.ImportService;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestApp;

/**
 * What the list's integration tests work on: a database's components and an admin who
 * defines the collections, each made with its list indexes built, as for a large collection
 * (stet builds them only for collections of {@link ListIndexes#MIN_RECORDS} records or more).
 */
record ListParts(Database db, Components parts, User admin) implements AutoCloseable {

    static ListParts open(Database db) {
        // Every collection gets its list indexes, however few its records: the plans tested are those of a large one.
        Components parts = Components.build(db, Components.Reporting.NONE, ImportLimits.DEFAULTS,
                ImportService.DEFAULT_BATCH, 0);
        parts.users().create("admin", "Admin", "admin", TestApp.ADMIN_PASSWORD);
        return new ListParts(db, parts, parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow());
    }

    /** A new collection of {@code fields}, once its list indexes are built. */
    Collection collection(String slug, String name, List<FieldDef> fields)
            throws InterruptedException, ExecutionException {
        Collection collection = parts.collections().create(slug, name, fields, false, admin);
        parts.listIndexes().awaitIdle();
        return collection;
    }

    /** A field whose label is its key, optional, neither unique nor bounded. */
    static FieldDef field(String key, FieldType type, String... choices) {
        return new FieldDef(key, key, type, false, false, null, null, false, List.of(choices));
    }

    @Override
    public void close() {
        parts.listIndexes().close();
        parts.searchVectors().close();
        db.close();
    }
}
