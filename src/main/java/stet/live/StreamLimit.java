package stet.live;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many event streams a node keeps open at most. Each holds a connection, so a file
 * descriptor, and about 23 KB of memory: past the limit a new one is refused (503), and the
 * node keeps the rest of its descriptors for pages, saves and its database connections,
 * however many streams are asked for.
 */
public final class StreamLimit {

    /** The most by default, whatever the process may open. */
    static final int MAX_DEFAULT = 10_000;
    /** The least by default, however few descriptors the process has. */
    static final int MIN_DEFAULT = 64;

    private StreamLimit() {}

    /** Half the file descriptors this process may open, from 64 to 10,000; 10,000 when the system does not say. */
    public static int defaultMax() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return of(unix.getMaxFileDescriptorCount());
        }
        return MAX_DEFAULT;
    }

    /** The default for a process that may open {@code descriptors} files. */
    static int of(long descriptors) {
        return (int) Math.max(MIN_DEFAULT, Math.min(MAX_DEFAULT, descriptors / 2));
    }
}
