package stet;

import java.time.Clock;
import java.util.function.Consumer;
import stet.auth.ApiTokenService;
import stet.auth.Authentication;
import stet.auth.Hmac;
import stet.auth.LoginThrottle;
import stet.auth.Passwords;
import stet.auth.SecretStore;
import stet.auth.SessionStore;
import stet.auth.UserService;
import stet.auth.UserStore;
import stet.auth.VersionTokens;
import stet.db.Database;
import stet.imports.ImportLimits;
import stet.imports.ImportMetrics;
import stet.imports.ImportService;
import stet.lease.LeaseService;
import stet.lease.LeaseStore;
import stet.record.ListIndexes;
import stet.record.RecordService;
import stet.record.RecordStore;
import stet.record.RevertService;
import stet.record.SaveMetrics;
import stet.record.SearchVectors;
import stet.schema.CollectionService;
import stet.schema.CollectionStore;

/**
 * stet's parts, wired with plain constructors over one database. The web app is built
 * on them ({@link App}); service-level tests build the same parts.
 */
public record Components(
        Database db,
        Hmac hmac,
        VersionTokens tokens,
        UserService users,
        LoginThrottle loginThrottle,
        SessionStore sessions,
        Authentication authentication,
        CollectionService collections,
        RecordService records,
        RevertService reverts,
        ListIndexes listIndexes,
        SearchVectors searchVectors,
        LeaseService leases,
        ApiTokenService apiTokens,
        ImportService imports) {

    /**
     * Where the services report what they did, for monitoring: the record service its saves
     * and merges, the lease service what leases came to, the import service its imports.
     * {@code stet.metrics} counts them in the app; {@link #NONE} reports nothing.
     */
    public record Reporting(SaveMetrics saves, Consumer<LeaseService.Counted> leases, ImportMetrics imports) {

        public static final Reporting NONE = new Reporting(SaveMetrics.NONE, counted -> { }, ImportMetrics.NONE);
    }

    public static Components build(Database db) {
        return build(db, Reporting.NONE, ImportLimits.DEFAULTS);
    }

    /** The parts, reporting to {@code reporting}, with {@code limits} on CSV imports. */
    public static Components build(Database db, Reporting reporting, ImportLimits limits) {
        return build(db, reporting, limits, ImportService.DEFAULT_BATCH);
    }

    /** The parts, with imports applied in batches of {@code importBatch} rows (tests stop a node between small ones). */
    public static Components build(Database db, Reporting reporting, ImportLimits limits, int importBatch) {
        return build(db, reporting, limits, importBatch, ListIndexes.MIN_RECORDS);
    }

    /**
     * The parts, with list indexes for every collection of at least {@code listIndexMinRecords}
     * live records (0: every collection, as the list's plan tests need in small collections).
     */
    public static Components build(Database db, Reporting reporting, ImportLimits limits, int importBatch,
            int listIndexMinRecords) {
        Hmac hmac = new Hmac(new SecretStore(db.dsl()).getOrCreate("hmac-key"));
        VersionTokens tokens = new VersionTokens(hmac);
        SessionStore sessions = new SessionStore(db.dsl());
        sessions.deleteExpired();
        CollectionStore collectionStore = new CollectionStore(db.dsl());
        ListIndexes listIndexes = new ListIndexes(db, collectionStore::find, collectionStore::all, listIndexMinRecords);
        SearchVectors searchVectors = new SearchVectors(db, collectionStore::find, collectionStore::all);
        // A saved definition: its list indexes and its records' search vectors follow it.
        CollectionService collections = new CollectionService(db, collectionStore, tokens, saved -> {
            listIndexes.refresh(saved);
            searchVectors.refresh(saved);
        });
        listIndexes.start();
        searchVectors.start();
        RecordStore recordStore = new RecordStore(db.dsl());
        LeaseService leases = new LeaseService(db, new LeaseStore(db.dsl()), reporting.leases());
        RecordService records = new RecordService(db, recordStore, collections, tokens, leases, reporting.saves());
        LoginThrottle loginThrottle = new LoginThrottle(db, Clock.systemUTC());
        ApiTokenService apiTokens = new ApiTokenService(db.dsl(), Clock.systemUTC());
        UserStore userStore = new UserStore(db.dsl());
        ImportService imports = new ImportService(db, records, collections, id -> userStore.find(id).orElseThrow(), limits,
                importBatch, reporting.imports());
        return new Components(
                db,
                hmac,
                tokens,
                new UserService(userStore, new Passwords()),
                loginThrottle,
                sessions,
                new Authentication(sessions, hmac, apiTokens, loginThrottle),
                collections,
                records,
                new RevertService(records),
                listIndexes,
                searchVectors,
                leases,
                apiTokens,
                imports);
    }
}
