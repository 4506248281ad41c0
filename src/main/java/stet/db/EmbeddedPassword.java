package stet.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The password of the embedded PostgreSQL's superuser, kept in the data folder with
 * mode 0600. Without it, any local user could connect as superuser (and run
 * {@code COPY … TO PROGRAM} or read the HMAC key): initdb's default is {@code trust}.
 * A new folder is initialised with SCRAM and the password; a folder from before is
 * given a password and a SCRAM-only {@code pg_hba.conf}, keeping its data.
 */
final class EmbeddedPassword {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Replaces initdb's (or an old stet's) pg_hba.conf: a password for every connection. */
    private static final List<String> HBA = List.of(
            "# Written by stet: every connection needs the password in " + Database.PASSWORD_FILE + ".",
            "# TYPE  DATABASE  USER  ADDRESS        METHOD",
            "local   all       all                  scram-sha-256",
            "host    all       all   127.0.0.1/32   scram-sha-256",
            "host    all       all   ::1/128        scram-sha-256");

    private final Path dataDir;
    private final String password;
    /** Only for a new folder: the file initdb reads the password from (initdb wants an empty folder). */
    private final Path initdbFile;

    private EmbeddedPassword(Path dataDir, String password, Path initdbFile) {
        this.dataDir = dataDir;
        this.password = password;
        this.initdbFile = initdbFile;
    }

    /** Reads the folder's password, or makes one: before initdb for a new folder, at once for an old one. */
    static EmbeddedPassword prepare(Path dataDir) throws IOException {
        Path file = dataDir.resolve(Database.PASSWORD_FILE);
        if (!Files.exists(dataDir.resolve("postgresql.conf"))) {
            String password = generate();
            Path initdbFile = Files.createTempFile("stet-initdb-", ".pw", ownerOnly());
            Files.writeString(initdbFile, password + "\n", StandardCharsets.UTF_8);
            return new EmbeddedPassword(dataDir, password, initdbFile);
        }
        if (Files.exists(file)) {
            restrict(file);
            return new EmbeddedPassword(dataDir, Files.readString(file, StandardCharsets.UTF_8).strip(), null);
        }
        // A folder from before passwords: keep the password before the server is told it,
        // so that a crash in between cannot leave a password nobody knows.
        String password = generate();
        write(file, password);
        return new EmbeddedPassword(dataDir, password, null);
    }

    String password() {
        return password;
    }

    /** Points initdb at SCRAM and the password file, for a new folder; zonky passes these as {@code --key=value}. */
    EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
        builder.setConnectConfig("password", password);
        if (initdbFile != null) {
            // zonky runs initdb with "-A trust"; these come after it, and initdb's last --auth wins.
            builder.setLocaleConfig("auth", "scram-sha-256");
            builder.setLocaleConfig("pwfile", initdbFile.toString());
        }
        return builder;
    }

    /**
     * After the server has started: keeps a new folder's password, and tells whether
     * the server still trusts connections without one (a folder from before), in which
     * case {@link #secure} must run and the server be restarted.
     */
    boolean started() throws IOException {
        if (initdbFile != null) {
            write(dataDir.resolve(Database.PASSWORD_FILE), password);
            Files.deleteIfExists(initdbFile);
        }
        return Files.readAllLines(hbaFile()).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .anyMatch(line -> !line.endsWith("scram-sha-256"));
    }

    /** Sets the superuser's password (hashed with SCRAM by the driver, never sent in clear) and writes pg_hba.conf. */
    void secure(EmbeddedPostgres pg) throws IOException {
        try (Connection connection = pg.getPostgresDatabase().getConnection()) {
            connection.unwrap(PGConnection.class).alterUserPassword("postgres", password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the embedded PostgreSQL's password", e);
        }
        Path replacement = Files.createTempFile(dataDir, "pg_hba", ".tmp", ownerOnly());
        Files.write(replacement, HBA, StandardCharsets.UTF_8);
        Files.move(replacement, hbaFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the initdb file when start-up failed before {@link #started}. */
    void discardInitdbFile() {
        if (initdbFile != null) {
            try {
                Files.deleteIfExists(initdbFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Path hbaFile() {
        return dataDir.resolve("pg_hba.conf");
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String password) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), Database.PASSWORD_FILE, ".tmp", ownerOnly());
        Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        restrict(file);
    }

    private static void restrict(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
