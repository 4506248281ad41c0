package stet.db;

import java.lang.management.ManagementFactory;

/**
 * How much memory the embedded PostgreSQL keeps pages in ({@code shared_buffers}), in MB.
 * PostgreSQL's own default, 128 MB, holds about a tenth of a collection of 10^6 records
 * with its indexes; searches and sorts that each read other records then take their pages
 * from the operating system's cache again and again (docs/benchmarks.md: a rare word
 * sorted by a column, a different word for each request, cost 12.1 ms of PostgreSQL's
 * CPU a request with 128 MB and 9.1 ms with 1 GB). The default is an eighth of the
 * machine's memory (the container's, when it has a limit), from 128 MB to 1 GB: pages
 * are only taken as they are read, so a small database uses no more than before.
 */
public final class SharedBuffers {

    /** PostgreSQL's own default, and the least stet sets by itself. */
    static final int LEAST_DEFAULT_MB = 128;
    /** The most stet sets by itself: more is for whoever runs a large database to choose. */
    static final int MOST_DEFAULT_MB = 1_024;
    /** The least that may be asked for: PostgreSQL refuses to start below 128 kB, and little above it is useful. */
    public static final int MIN_MB = 16;
    /** The most that may be asked for (1 TB). */
    public static final int MAX_MB = 1_048_576;

    private SharedBuffers() {}

    /** The default for this machine: an eighth of its memory, from 128 MB to 1 GB. */
    public static int defaultMb() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
        return forMemory(total);
    }

    /** The default for a machine of {@code totalBytes} of memory (0 when unknown: PostgreSQL's own). */
    static int forMemory(long totalBytes) {
        long eighthMb = totalBytes / 8 / (1024 * 1024);
        return (int) Math.max(LEAST_DEFAULT_MB, Math.min(MOST_DEFAULT_MB, eighthMb));
    }
}
