package stet;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import stet.auth.Passwords;
import stet.db.DatabaseTimeouts;
import stet.db.DatabaseUrl;
import stet.db.SharedBuffers;
import stet.imports.ImportLimits;
import stet.live.StreamLimit;

/**
 * What stet is told by its environment (see docs/configuration.md). Built once at
 * start-up; a bad value stops start-up with a message naming the variable.
 *
 * @param port the HTTP port ({@code STET_PORT}, default 7070; 0 picks a free port)
 * @param databaseUrl a JDBC or {@code postgres://} URL ({@code DATABASE_URL}); empty
 *     starts the embedded PostgreSQL
 * @param dataDir where the embedded PostgreSQL keeps its data ({@code STET_DATA_DIR})
 * @param adminPassword the password of the first admin ({@code STET_ADMIN_PASSWORD}, at
 *     least 12 characters); empty generates one and prints it once
 * @param demo whether to seed the demo users and collection ({@code STET_DEMO})
 * @param demoPassword the password of the demo users ({@code STET_DEMO_PASSWORD}); demo
 *     accounts are exempt from the password rules, so the default stays easy to type
 * @param publicUrl the URL browsers use to reach stet ({@code STET_PUBLIC_URL}); an
 *     {@code https://} URL makes every cookie {@code Secure}
 * @param trustProxy whether a proxy in front of stet sets {@code X-Forwarded-Proto} and
 *     {@code X-Forwarded-Host} ({@code STET_TRUST_PROXY}, default false)
 * @param metricsToken the bearer token that opens {@code /metrics} to other machines
 *     ({@code STET_METRICS_TOKEN}, at least 16 characters); empty serves them to loopback only
 * @param timeouts how long a request may wait on the database: {@code STET_LOCK_TIMEOUT_MS},
 *     {@code STET_STATEMENT_TIMEOUT_MS}, {@code STET_IDLE_IN_TX_TIMEOUT_MS},
 *     {@code STET_DB_CONNECT_TIMEOUT_MS} (defaults in {@link DatabaseTimeouts#DEFAULTS})
 * @param shutdownTimeout how long stopping waits for requests in flight
 *     ({@code STET_SHUTDOWN_TIMEOUT_MS}, default 10 s)
 * @param imports how large a CSV import may be: {@code STET_IMPORT_MAX_BYTES},
 *     {@code STET_IMPORT_MAX_ROWS} (defaults in {@link ImportLimits#DEFAULTS})
 * @param sharedBuffersMb the memory the embedded PostgreSQL keeps pages in, in MB
 *     ({@code STET_DB_SHARED_BUFFERS_MB}, default {@link SharedBuffers#defaultMb()})
 * @param liveMaxStreams the most live event streams the node keeps open
 *     ({@code STET_LIVE_MAX_STREAMS}, default {@link StreamLimit#defaultMax()})
 */
public record Config(
        int port,
        Optional<String> databaseUrl,
        Path dataDir,
        Optional<String> adminPassword,
        boolean demo,
        String demoPassword,
        Optional<URI> publicUrl,
        boolean trustProxy,
        Optional<String> metricsToken,
        DatabaseTimeouts timeouts,
        Duration shutdownTimeout,
        ImportLimits imports,
        int sharedBuffersMb,
        int liveMaxStreams) {

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** A configuration that keeps the default number of live streams open at most. */
    public Config(int port, Optional<String> databaseUrl, Path dataDir, Optional<String> adminPassword, boolean demo,
            String demoPassword, Optional<URI> publicUrl, boolean trustProxy, Optional<String> metricsToken,
            DatabaseTimeouts timeouts, Duration shutdownTimeout, ImportLimits imports, int sharedBuffersMb) {
        this(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, publicUrl, trustProxy, metricsToken, timeouts,
                shutdownTimeout, imports, sharedBuffersMb, StreamLimit.defaultMax());
    }

    /** This configuration with another limit of live streams. */
    public Config withLiveMaxStreams(int max) {
        return new Config(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, publicUrl, trustProxy,
                metricsToken, timeouts, shutdownTimeout, imports, sharedBuffersMb, max);
    }

    /** A configuration whose embedded PostgreSQL keeps the default memory of pages. */
    public Config(int port, Optional<String> databaseUrl, Path dataDir, Optional<String> adminPassword, boolean demo,
            String demoPassword, Optional<URI> publicUrl, boolean trustProxy, Optional<String> metricsToken,
            DatabaseTimeouts timeouts, Duration shutdownTimeout, ImportLimits imports) {
        this(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, publicUrl, trustProxy, metricsToken, timeouts,
                shutdownTimeout, imports, SharedBuffers.defaultMb());
    }

    /** A configuration with the default import limits. */
    public Config(int port, Optional<String> databaseUrl, Path dataDir, Optional<String> adminPassword, boolean demo,
            String demoPassword, Optional<URI> publicUrl, boolean trustProxy, Optional<String> metricsToken,
            DatabaseTimeouts timeouts, Duration shutdownTimeout) {
        this(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, publicUrl, trustProxy, metricsToken, timeouts,
                shutdownTimeout, ImportLimits.DEFAULTS);
    }

    /** A configuration with the default timeouts, whose metrics are served to loopback only. */
    public Config(int port, Optional<String> databaseUrl, Path dataDir, Optional<String> adminPassword, boolean demo,
            String demoPassword, Optional<URI> publicUrl, boolean trustProxy) {
        this(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, publicUrl, trustProxy, Optional.empty());
    }

    /** A configuration with the default timeouts. */
    public Config(int port, Optional<String> databaseUrl, Path dataDir, Optional<String> adminPassword, boolean demo,
            String demoPassword, Optional<URI> publicUrl, boolean trustProxy, Optional<String> metricsToken) {
        this(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, publicUrl, trustProxy, metricsToken,
                DatabaseTimeouts.DEFAULTS, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /** A configuration served over plain HTTP with no proxy in front (tests, local use). */
    public Config(int port, Optional<String> databaseUrl, Path dataDir, Optional<String> adminPassword, boolean demo,
            String demoPassword) {
        this(port, databaseUrl, dataDir, adminPassword, demo, demoPassword, Optional.empty(), false);
    }

    public static final String DEFAULT_DEMO_PASSWORD = "stet-demo";

    public static Config fromEnvironment(Map<String, String> env) {
        Optional<String> databaseUrl = nonBlank(env.get("DATABASE_URL"));
        // Refused here, with the other settings, rather than when stet connects.
        databaseUrl.ifPresent(DatabaseUrl::parse);
        return new Config(
                port(env.getOrDefault("STET_PORT", "7070")),
                databaseUrl,
                Path.of(nonBlank(env.get("STET_DATA_DIR")).orElse("data")),
                adminPassword(env.get("STET_ADMIN_PASSWORD")),
                flag("STET_DEMO", env.get("STET_DEMO"), databaseUrl.isEmpty()),
                nonBlank(env.get("STET_DEMO_PASSWORD")).orElse(DEFAULT_DEMO_PASSWORD),
                nonBlank(env.get("STET_PUBLIC_URL")).map(Config::publicUrl),
                flag("STET_TRUST_PROXY", env.get("STET_TRUST_PROXY"), false),
                metricsToken(env.get("STET_METRICS_TOKEN")),
                timeouts(env),
                millis(env, "STET_SHUTDOWN_TIMEOUT_MS", DEFAULT_SHUTDOWN_TIMEOUT),
                importLimits(env),
                sharedBuffersMb(env),
                (int) positive(env, "STET_LIVE_MAX_STREAMS", StreamLimit.defaultMax(), Integer.MAX_VALUE));
    }

    private static int sharedBuffersMb(Map<String, String> env) {
        String name = "STET_DB_SHARED_BUFFERS_MB";
        long mb = positive(env, name, SharedBuffers.defaultMb(), Integer.MAX_VALUE);
        if (mb < SharedBuffers.MIN_MB || mb > SharedBuffers.MAX_MB) {
            throw new IllegalArgumentException(name + " must be from " + SharedBuffers.MIN_MB + " to "
                    + SharedBuffers.MAX_MB + " (MB), not " + mb);
        }
        return (int) mb;
    }

    private static ImportLimits importLimits(Map<String, String> env) {
        ImportLimits defaults = ImportLimits.DEFAULTS;
        return new ImportLimits(
                positive(env, "STET_IMPORT_MAX_BYTES", defaults.maxBytes(), Long.MAX_VALUE),
                (int) positive(env, "STET_IMPORT_MAX_ROWS", defaults.maxRows(), Integer.MAX_VALUE));
    }

    /** A positive whole number up to {@code max}, or {@code fallback} when unset. */
    private static long positive(Map<String, String> env, String name, long fallback, long max) {
        Optional<String> value = nonBlank(env.get(name));
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get().strip());
            if (n > 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, not '" + value.get() + "'");
    }

    /** A short token could be guessed, and it guards the metrics from the whole network. */
    private static Optional<String> metricsToken(String value) {
        Optional<String> token = nonBlank(value);
        if (token.isPresent() && (token.get().length() < 16 || token.get().chars().anyMatch(c -> c <= ' ' || c == 127))) {
            throw new IllegalArgumentException(
                    "STET_METRICS_TOKEN must have at least 16 characters and no spaces or control characters");
        }
        return token;
    }

    private static DatabaseTimeouts timeouts(Map<String, String> env) {
        DatabaseTimeouts defaults = DatabaseTimeouts.DEFAULTS;
        Duration connect = millis(env, "STET_DB_CONNECT_TIMEOUT_MS", defaults.connect());
        if (connect.toMillis() < 250) {
            throw new IllegalArgumentException("STET_DB_CONNECT_TIMEOUT_MS must be at least 250, not " + connect.toMillis());
        }
        return new DatabaseTimeouts(
                millis(env, "STET_LOCK_TIMEOUT_MS", defaults.lock()),
                millis(env, "STET_STATEMENT_TIMEOUT_MS", defaults.statement()),
                millis(env, "STET_IDLE_IN_TX_TIMEOUT_MS", defaults.idleInTransaction()),
                connect);
    }

    /** A positive number of milliseconds; 0 would mean "wait for ever" to PostgreSQL, which is what these prevent. */
    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        Optional<String> value = nonBlank(env.get(name));
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(value.get());
            if (ms > 0 && ms <= Integer.MAX_VALUE) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive number of milliseconds, not '" + value.get() + "'");
    }

    private static URI publicUrl(String value) {
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "STET_PUBLIC_URL must be an http:// or https:// URL with a host, not '" + value + "'");
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("STET_PORT must be a port number (0-65535), not '" + value + "'");
    }

    /** The first admin is a real account: its password follows the same rules as the users page's. */
    private static Optional<String> adminPassword(String value) {
        Optional<String> password = nonBlank(value);
        password.map(p -> Passwords.problem(p, "admin")).ifPresent(problem -> {
            throw new IllegalArgumentException("STET_ADMIN_PASSWORD: " + problem);
        });
        return password;
    }

    private static boolean flag(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
