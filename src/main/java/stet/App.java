package stet;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinBindException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.api.ApiRoutes;
import stet.auth.AuthRoutes;
import stet.auth.Role;
import stet.auth.TokenRoutes;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.db.DatabaseStartException;
import stet.demo.Seed;
import stet.export.CsvExport;
import stet.export.ExportRoutes;
import stet.history.AuditStore;
import stet.history.HistoryRoutes;
import stet.imports.ImportPages;
import stet.imports.ImportRoutes;
import stet.imports.ImportRowViews;
import stet.imports.ImportService;
import stet.lease.LeaseRoutes;
import stet.live.EventRoutes;
import stet.live.LiveHub;
import stet.live.PresenceStore;
import stet.metrics.MetricsAccess;
import stet.metrics.MetricsRoutes;
import stet.metrics.Monitoring;
import stet.metrics.RequestLog;
import stet.record.ListIndexes;
import stet.record.RecordFormLabels;
import stet.record.RecordRoutes;
import stet.record.SaveOutcomePages;
import stet.record.SearchVectors;
import stet.schema.CollectionRoutes;
import stet.web.ErrorPages;
import stet.web.GracefulStop;
import stet.web.HeadRequests;
import stet.web.RequestGuard;
import stet.web.Site;
import stet.web.Views;

/**
 * The composition root: builds every part of stet with plain constructors and starts
 * the HTTP server. {@code Main}, the tests and the end-to-end suite all start stet
 * through here.
 */
public final class App implements AutoCloseable {

    /** Large enough for a long document in a longtext field, small enough to refuse floods. */
    public static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    private static final String STATIC_PATH = "/static";
    /** Room for a multipart upload's form fields and boundaries beside the file itself. */
    private static final long UPLOAD_FRAMING_BYTES = 64 * 1024;
    private static final Pattern UPLOAD_PATHS =
            Pattern.compile("/collections/[^/]+/import|/api/v1/collections/[^/]+/imports");

    private final Database db;
    private final Javalin server;
    private final Seed.Report seeded;
    private final Monitoring monitoring;
    private final ListIndexes listIndexes;
    private final SearchVectors searchVectors;
    private final LiveHub live;
    private final ImportService imports;
    private final GracefulStop graceful;

    private App(Database db, Javalin server, GracefulStop graceful, Seed.Report seeded, Monitoring monitoring,
            ListIndexes listIndexes, SearchVectors searchVectors, LiveHub live, ImportService imports) {
        this.graceful = graceful;
        this.searchVectors = searchVectors;
        this.live = live;
        this.imports = imports;
        this.db = db;
        this.server = server;
        this.seeded = seeded;
        this.monitoring = monitoring;
        this.listIndexes = listIndexes;
    }

    /** Opens the configured database (embedded when no URL is given) and starts stet. */
    public static App start(Config config) {
        Database db;
        try {
            db = config.databaseUrl()
                    .map(url -> Database.connect(DatabaseUrl.parse(url), config.timeouts()))
                    .orElseGet(() -> Database.embedded(config.dataDir(), config.timeouts(), config.sharedBuffersMb()));
        } catch (DatabaseStartException e) {
            throw new StartFailure(e.getMessage(), e);
        }
        try {
            return start(config, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Starts stet on an open database; the app closes it when it is closed. */
    public static App start(Config config, Database db) {
        return start(config, db, RequestLog.toSlf4j());
    }

    /** Starts stet on an open database, writing one line per request to {@code requestLines}. */
    public static App start(Config config, Database db, RequestLog.Sink requestLines) {
        Monitoring monitoring = new Monitoring();
        try {
            return start(config, db, monitoring, requestLines);
        } catch (RuntimeException e) {
            monitoring.close();
            throw e;
        }
    }

    private static App start(Config config, Database db, Monitoring monitoring, RequestLog.Sink requestLines) {
        db.trackPool(monitoring.connectionPool());
        Components parts = Components.build(db,
                new Components.Reporting(monitoring.saves(), monitoring.leases(), monitoring.imports()), config.imports());
        // What has started so far, stopped again (last first) if the start fails: its threads
        // would go on using the database the caller then closes.
        Deque<Runnable> started = new ArrayDeque<>();
        started.push(parts.listIndexes()::close);
        started.push(parts.searchVectors()::close);
        try {
            return serve(config, db, monitoring, requestLines, parts, started);
        } catch (RuntimeException e) {
            for (Runnable stop : started) {
                try {
                    stop.run();
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
            }
            throw e;
        }
    }

    private static App serve(Config config, Database db, Monitoring monitoring, RequestLog.Sink requestLines,
            Components parts, Deque<Runnable> started) {
        Seed.Report seeded = new Seed(parts.users(), parts.collections(), parts.records()).run(config);

        RecordFormLabels formLabels = new RecordFormLabels(parts.records(), parts.collections());
        AuthRoutes authRoutes = new AuthRoutes(parts.users(), parts.loginThrottle(), parts.authentication(), formLabels);
        TokenRoutes tokenRoutes = new TokenRoutes(parts.apiTokens(), parts.authentication());
        CollectionRoutes collectionRoutes = new CollectionRoutes(parts.collections());
        SaveOutcomePages outcomes = new SaveOutcomePages(parts.records(), parts.leases());
        RecordRoutes recordRoutes = new RecordRoutes(parts.records(), parts.collections(), parts.leases(), outcomes);
        HistoryRoutes historyRoutes = new HistoryRoutes(parts.records(), parts.reverts(), parts.collections(),
                parts.users(), new AuditStore(db.dsl()), parts.leases(), outcomes);
        MetricsRoutes metricsRoutes = new MetricsRoutes(monitoring, new MetricsAccess(config.metricsToken()));
        LeaseRoutes leaseRoutes = new LeaseRoutes(parts.leases(),
                id -> parts.records().collectionOf(parts.records().getLive(id)).leasing());
        LiveHub live = new LiveHub(db, parts.records(), parts.leases(), new PresenceStore(db.dsl()), parts.sessions(),
                config.liveMaxStreams())
                .start();
        started.push(live::close);
        monitoring.trackStreams(live::openStreams);
        EventRoutes eventRoutes = new EventRoutes(parts.records(), live);
        ApiRoutes apiRoutes = new ApiRoutes(parts.collections(), parts.records());
        ExportRoutes exportRoutes = new ExportRoutes(parts.collections(), new CsvExport(parts.records()));
        ImportRoutes importRoutes = new ImportRoutes(parts.imports(), parts.collections());
        ImportPages importPages = new ImportPages(parts.imports(), parts.collections(), new ImportRowViews(parts.records()));
        RequestLog requestLog = new RequestLog(monitoring.registry(), STATIC_PATH, requestLines);
        Views views = new Views(MAX_REQUEST_BYTES);
        GracefulStop graceful = new GracefulStop(config.shutdownTimeout());

        // A CSV import may be larger than any other request: its form and its multipart framing on top.
        long maxUpload = Math.max(MAX_REQUEST_BYTES, config.imports().maxBytes() + UPLOAD_FRAMING_BYTES);
        Javalin server = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.http.maxRequestSize = MAX_REQUEST_BYTES;
            // A known address asked with a method it does not answer is a 405 naming those it does, not a 404.
            javalin.http.prefer405over404 = true;
            // Multipart forms are parsed by Jetty, whose own form limit (200,000 bytes) would
            // otherwise refuse them below the limit every other body has.
            // The request guard refuses any other multipart body over MAX_REQUEST_BYTES by its length first.
            javalin.jetty.multipartConfig.maxTotalRequestSize(maxUpload, SizeUnit.BYTES);
            javalin.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
            // An uploaded file is spooled to a temporary file, never held in memory.
            javalin.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);
            javalin.jetty.modifyServletContextHandler(handler -> handler.setMaxFormContentSize((int) MAX_REQUEST_BYTES));
            javalin.appData(Views.KEY, views);
            javalin.jetty.modifyServer(graceful::install);
            javalin.appData(Site.KEY, new Site(config.publicUrl(), config.trustProxy(), parts.hmac()));
            javalin.staticFiles.add(files -> {
                files.hostedPath = STATIC_PATH;
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Role.PUBLIC);
            });
            // Named first, so that every answer carries its request id, refusals included.
            javalin.routes.before(requestLog::begin);
            javalin.requestLogger.http(requestLog::finish);
            // Set before anything answers, not after: an answer streamed past its buffer (a large CSV
            // export) has sent its headers before its handler returns; and before the request guard,
            // whose refusals are answers like any other.
            javalin.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("Referrer-Policy", "same-origin");
                ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
            });
            // Unreadable requests are refused before anything reads them, the access check included.
            javalin.routes.before(new RequestGuard(MAX_REQUEST_BYTES, maxUpload, App::isUpload)::check);
            // After the guard, which has read the form that the refusal keeps; before anything starts work.
            javalin.routes.before(GracefulStop::refuseArrivalsWhileStopping);
            javalin.routes.beforeMatched(parts.authentication()::check);
            javalin.routes.get("/health", ctx -> {
                boolean healthy = db.isHealthy();
                ctx.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .json(Map.of("status", healthy ? "ok" : "database unavailable"));
            }, Role.PUBLIC);
            authRoutes.register(javalin.routes);
            tokenRoutes.register(javalin.routes);
            collectionRoutes.register(javalin.routes);
            recordRoutes.register(javalin.routes);
            historyRoutes.register(javalin.routes);
            metricsRoutes.register(javalin.routes);
            leaseRoutes.register(javalin.routes);
            eventRoutes.register(javalin.routes);
            apiRoutes.register(javalin.routes);
            exportRoutes.register(javalin.routes);
            importRoutes.register(javalin.routes);
            importPages.register(javalin.routes);
            ErrorPages.register(javalin, parts.authentication()::identify, formLabels);
            // Javalin gives every answer its default type (text/plain), an empty 204 or 304 too;
            // that has no content for a type to describe (RFC 9110 8.3), so it is sent without one.
            javalin.routes.after(ctx -> {
                if (ctx.status() == HttpStatus.NO_CONTENT || ctx.status() == HttpStatus.NOT_MODIFIED) {
                    ctx.res().setContentType(null);
                }
            });
        });
        HeadRequests.answerAsGet(server.unsafe.internalRouter);
        started.push(server::stop);
        try {
            server.start(config.port());
        } catch (JavalinBindException e) {
            throw new StartFailure("Port " + config.port() + " is in use by another process. Stop that process, or set"
                    + " STET_PORT to another port (0 picks a free one).", e);
        }
        // Every node applies imports, whichever node started them.
        parts.imports().workers().start();
        return new App(db, server, graceful, seeded, monitoring, parts.listIndexes(), parts.searchVectors(), live,
                parts.imports());
    }

    /** Whether a request to {@code path} uploads a CSV import, which may be larger than other requests. */
    static boolean isUpload(String path) {
        return UPLOAD_PATHS.matcher(path).matches();
    }

    /** One registered HTTP route: its method and its path pattern (with {@code {param}}s). */
    public record Route(String method, String path) {}

    /** Every route stet serves, as registered; the hostile-request test covers each. */
    public List<Route> routes() {
        return server.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> new Route(e.endpoint.method.name(), e.endpoint.path))
                .toList();
    }

    public int port() {
        return server.port();
    }

    /** This node's live-change streams (tests wait for it to listen). */
    public LiveHub live() {
        return live;
    }

    /** This node's imports and their workers (tests stop a node's workers mid-import). */
    public ImportService imports() {
        return imports;
    }

    public Database database() {
        return db;
    }

    /** Who was set up at start-up, for the console. */
    public Seed.Report seeded() {
        return seeded;
    }

    /**
     * Closes this app when the JVM exits (SIGTERM, Ctrl-C): the requests in flight finish
     * first, then the database closes, and the embedded PostgreSQL stops with it.
     */
    public void closeAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stet-shutdown"));
        db.closedAtExitByCaller();
    }

    /** Stops taking requests, lets those in flight finish (up to the shutdown limit), then closes the database. */
    @Override
    public void close() {
        // Open event streams would hold the graceful stop up to its limit: their pages reconnect elsewhere.
        live.close();
        try {
            if (!graceful.stop()) {
                // Given up: the pool and the database close all the same.
                LOG.warn("Requests still running after the shutdown limit were stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.warn("The HTTP server did not stop cleanly: {}", e.toString());
        }
        // Between batches: a batch in hand commits, or rolls back and is left to another node.
        imports.workers().stop();
        listIndexes.close();
        searchVectors.close();
        monitoring.close();
        db.close();
    }
}
