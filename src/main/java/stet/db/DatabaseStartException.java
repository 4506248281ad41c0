package stet.db;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.postgresql.util.PSQLException;

/**
 * The database could not be opened at start-up, for a reason the operator can fix, said in
 * the message: a {@code DATABASE_URL} that refuses or rejects the connection, or an embedded
 * data folder that cannot be used.
 */
public final class DatabaseStartException extends RuntimeException {

    private DatabaseStartException(String message, Throwable cause) {
        super(message, cause);
    }

    static DatabaseStartException unreachable(DatabaseUrl url, Throwable cause) {
        return new DatabaseStartException("Cannot connect to the database at " + url.described() + ": "
                + driverMessage(cause), cause);
    }

    static DatabaseStartException folderInUse(Path dataDir, Throwable cause) {
        return new DatabaseStartException("The data folder " + dataDir.toAbsolutePath() + " is in use by another stet (its"
                + " embedded PostgreSQL holds it). Stop that one, or set STET_DATA_DIR to another folder.", cause);
    }

    static DatabaseStartException folderNotOurs(Path dataDir) {
        return new DatabaseStartException("The data folder " + dataDir.toAbsolutePath() + " holds other files and no"
                + " PostgreSQL data. Set STET_DATA_DIR to a new or empty folder, or to the folder stet keeps its data in.",
                null);
    }

    static DatabaseStartException folderUnusable(Path dataDir, Exception cause) {
        return new DatabaseStartException("Cannot start the embedded PostgreSQL in " + dataDir.toAbsolutePath() + ": "
                + why(cause) + ". Set STET_DATA_DIR to a folder stet may create and write.", cause);
    }

    /** The driver's own message ("Connection to … refused", "password authentication failed for user …"). */
    private static String driverMessage(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause().getMessage() != null && !(deepest instanceof PSQLException)) {
            deepest = deepest.getCause();
        }
        return deepest.getMessage();
    }

    private static String why(Exception cause) {
        if (cause instanceof FileAlreadyExistsException e) {
            return e.getFile() + " is a file, not a folder";
        }
        if (cause instanceof NoSuchFileException e) {
            return e.getFile() + " cannot be created";
        }
        if (cause instanceof AccessDeniedException e) {
            return "no permission to write " + e.getFile();
        }
        if (cause instanceof FileSystemException e && e.getReason() != null) {
            return e.getFile() + ": " + e.getReason();
        }
        return String.valueOf(cause.getMessage());
    }
}
