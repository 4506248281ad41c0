package stet.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An upload's bytes as they arrive, telling its preview that it is still being read (the
 * preview's {@code read_at}, see {@link ImportService#STALLED_PREVIEW}) at most once per
 * interval while any arrive: a slow but steady upload, a row every minute, is never taken
 * for one whose node stopped, and a fast one costs a write per interval, not per row.
 * Read by one thread, as an upload is.
 */
final class Heartbeat extends FilterInputStream {

    private final Clock clock;
    private final Duration interval;
    /** What a beat does; nothing until the preview has a job to mark ({@link #onBeat}). */
    private Runnable beat = () -> { };
    private Instant last;

    Heartbeat(InputStream in, Clock clock, Duration interval) {
        super(in);
        this.clock = clock;
        this.interval = interval;
        this.last = clock.instant();
    }

    /** From now on each beat runs {@code beat}; the first comes {@code interval} after this call. */
    void onBeat(Runnable beat) {
        this.beat = beat;
        this.last = clock.instant();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            arrived();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            arrived();
        }
        return n;
    }

    private void arrived() {
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(interval) >= 0) {
            last = now;
            beat.run();
        }
    }
}
