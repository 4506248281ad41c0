package stet;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import stet.auth.Passwords;

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
 */
public record Config(
        int port,
        Optional<String> databaseUrl,
        Path dataDir,
        Optional<String> adminPassword,
        boolean demo,
        String demoPassword) {

    public static final String DEFAULT_DEMO_PASSWORD = "stet-demo";

    public static Config fromEnvironment(Map<String, String> env) {
        Optional<String> databaseUrl = nonBlank(env.get("DATABASE_URL"));
        return new Config(
                port(env.getOrDefault("STET_PORT", "7070")),
                databaseUrl,
                Path.of(nonBlank(env.get("STET_DATA_DIR")).orElse("data")),
                adminPassword(env.get("STET_ADMIN_PASSWORD")),
                flag("STET_DEMO", env.get("STET_DEMO"), databaseUrl.isEmpty()),
                nonBlank(env.get("STET_DEMO_PASSWORD")).orElse(DEFAULT_DEMO_PASSWORD));
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
        return switch (value.trim().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
