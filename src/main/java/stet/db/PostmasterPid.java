package stet.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a data folder's {@code postmaster.pid} says: the server's process id (its first line)
 * and the data folder that server runs in (its second). PostgreSQL writes it at start and
 * removes it at a clean stop; a server killed leaves it behind.
 *
 * @param pid the server's process id
 * @param dataDir the data folder, as the server was told it
 */
record PostmasterPid(long pid, Path dataDir) {

    /** The file in {@code dataDir}, when there is one that can be read. */
    static Optional<PostmasterPid> in(Path dataDir) {
        Path file = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 2 || !lines.get(0).strip().matches("[0-9]{1,10}")) {
                return Optional.empty();
            }
            return Optional.of(new PostmasterPid(Long.parseLong(lines.get(0).strip()), Path.of(lines.get(1).strip())));
        } catch (IOException e) {
            return Optional.empty(); // removed as it was read: the server stopped
        }
    }

    /** The process it names, while that process runs. */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
