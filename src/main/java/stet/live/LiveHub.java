package stet.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stet.auth.SessionStore;
import stet.auth.User;
import stet.db.Database;
import stet.lease.Lease;
import stet.lease.LeaseBreak;
import stet.lease.LeaseService;
import stet.record.RecordService;
import stet.record.Revision;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * A node's open event streams ({@code GET /records/{id}/events}) and what they are told:
 * saves, deletes, lease changes and presence, from any node. Each commit notifies every
 * node through PostgreSQL ({@link Notifications}, payloads like {@code saved 12 5}); the
 * node that has pages of that record open reads the details once and sends them to each.
 *
 * <p>Streams hold no thread: Javalin keeps them as asynchronous requests. A few dispatch
 * threads hand out events, each record's always on the same thread, in the order they were
 * committed; one more keeps streams and presence alive.
 *
 * <p>A stream lives only as long as the login session that opened it: at every heartbeat
 * the sessions of all of the node's streams are read at once, and the streams of a session
 * that ended (logged out on any node, expired, its user removed) are closed, their presence
 * gone with them.
 */
public final class LiveHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A comment on every stream this often: proxies and Jetty keep an idle connection open, and a
     * dead one is found. As often, the streams' sessions are checked: one that ended closes within it.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How often lease expiries are looked for: a lease that ran out is announced within this. */
    static final Duration LEASE_CHECK = Duration.ofSeconds(1);
    /**
     * After a failed read (the pool still holding connections a restart killed, a lock
     * timeout), how long until a record's pages are caught up, and how many times in a row:
     * the notification that asked for it is gone, so nothing else would tell them.
     */
    static final Duration CATCH_UP_DELAY = Duration.ofSeconds(1);
    static final int CATCH_UP_ATTEMPTS = 30;
    /**
     * Dispatch threads. Handing out an event is mostly waiting: on the database (what the
     * event says is read once per node) and on each stream's socket. With one thread, a save
     * on one record waited for every other record's; with a few, records' events overlap
     * (docs/benchmarks.md, "Live changes").
     */
    static final int DISPATCH_THREADS = 4;

    private final RecordService records;
    private final LeaseService leases;
    private final PresenceStore presence;
    private final SessionStore sessions;
    private final Notifications notifications;
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    /** The records with a catch-up pending or running, at most one each (see {@link #catchUpLater}). */
    private final Set<Long> catchingUp = ConcurrentHashMap.newKeySet();
    /** Record {@code id}'s work runs on {@code dispatch[id % DISPATCH_THREADS]}, in order. */
    private final ExecutorService[] dispatch = new ExecutorService[DISPATCH_THREADS];
    /** Records whose presence is read and sent soon: a burst of arrivals is told once, not once per arrival. */
    private final Set<Long> presencePending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService upkeep;
    /** Set by {@link #close}: a stream that opens after it is closed at once. */
    private volatile boolean stopped;
    private final AtomicInteger open = new AtomicInteger();
    private final int maxStreams;

    /** The streams open on one record here, and when the lease they were last told of runs out. */
    private static final class Watched {
        final Set<Stream> streams = ConcurrentHashMap.newKeySet();
        volatile OffsetDateTime leaseExpires;
    }

    /** One open page: its client, who is looking (in which session), and the newest version it has been told of. */
    private static final class Stream {
        final UUID id = UUID.randomUUID();
        final SseClient client;
        final long recordId;
        final long collectionId;
        final User user;
        /** The session the page was opened in ({@link SessionStore.Session#tokenHash}): the stream ends with it. */
        final String sessionId;
        final boolean editing;
        final AtomicInteger knownVersion;

        Stream(SseClient client, StoredRecord record, User user, String sessionId, boolean editing, int knownVersion) {
            this.client = client;
            this.recordId = record.id();
            this.collectionId = record.collectionId();
            this.user = user;
            this.sessionId = sessionId;
            this.editing = editing;
            this.knownVersion = new AtomicInteger(knownVersion);
        }
    }

    /** A hub that keeps at most {@code maxStreams} streams open on this node ({@link StreamLimit}). */
    public LiveHub(Database db, RecordService records, LeaseService leases, PresenceStore presence, SessionStore sessions,
            int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("a node must take at least one stream, not " + maxStreams);
        }
        this.maxStreams = maxStreams;
        this.records = records;
        this.leases = leases;
        this.presence = presence;
        this.sessions = sessions;
        for (int i = 0; i < DISPATCH_THREADS; i++) {
            dispatch[i] = Executors.newSingleThreadExecutor(named("stet-live-" + i));
        }
        this.upkeep = Executors.newSingleThreadScheduledExecutor(named("stet-live-upkeep"));
        this.notifications = new Notifications(db, this::received, this::resync);
    }

    /** Starts listening and the upkeep of streams and presence. */
    public LiveHub start() {
        notifications.start();
        upkeep.scheduleWithFixedDelay(this::checkLeases, LEASE_CHECK.toMillis(), LEASE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        upkeep.scheduleWithFixedDelay(this::keepAlive, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether the node is listening to the database's notifications now. */
    public boolean isListening() {
        return notifications.isListening();
    }

    /** Waits until the node listens (tests). */
    public boolean awaitListening(Duration limit) throws InterruptedException {
        return notifications.awaitListening(limit);
    }

    /** How many streams are open on this node. */
    public int openStreams() {
        return open.get();
    }

    /**
     * Whether another stream may open on this node: fewer than its limit are open. Streams
     * opening at the same moment may pass it by a few; it bounds a flood of them, not one.
     */
    public boolean admitsAnother() {
        return open.get() < maxStreams;
    }

    /** Whether this node has closed its streams, as it does when it stops: it opens no more. */
    public boolean isClosed() {
        return stopped;
    }

    /** The most streams this node keeps open. */
    public int maxStreams() {
        return maxStreams;
    }

    /**
     * Opens a stream for {@code user} in session {@code sessionId} on {@code record}'s page
     * (the edit form when {@code editing}), whose page shows {@code knownVersion}: it is told at
     * once of the lease, of who else is here, and of a newer version if one was saved since.
     */
    public void open(SseClient client, StoredRecord record, User user, String sessionId, boolean editing,
            int knownVersion) {
        Stream stream = new Stream(client, record, user, sessionId, editing, knownVersion);
        // Added inside compute: a stream closing at the same moment must not drop the entry this one joins.
        Watched w = watched.compute(record.id(), (id, current) -> {
            Watched joined = current != null ? current : new Watched();
            joined.streams.add(stream);
            return joined;
        });
        open.incrementAndGet();
        client.onClose(() -> closed(stream));
        if (stopped) {
            // Opened as close() ran: it may have closed the streams before this one joined them.
            client.close();
            return;
        }
        client.keepAlive();
        later(record.id(), () -> {
            // The other nodes learn of this page through the row's notification.
            presence.insert(stream.id, record.id(), user.id(), editing);
            // The page names its stream when it is left, so that its release spares the user's other forms.
            send(stream, frame("stream", Map.of("id", stream.id.toString())));
            StoredRecord now = records.get(record.id());
            if (now.version() > knownVersion) {
                sendChange(List.of(stream), now.deleted() ? "deleted" : "saved", record.id(), now.version());
            }
            sendLease(w, List.of(stream), null);
        }, "open a stream of record " + record.id());
    }

    private void closed(Stream stream) {
        AtomicBoolean removed = new AtomicBoolean();
        watched.computeIfPresent(stream.recordId, (id, current) -> {
            removed.set(current.streams.remove(stream));
            return current.streams.isEmpty() ? null : current;
        });
        if (removed.get()) {
            open.decrementAndGet();
            later(stream.recordId, () -> presence.delete(List.of(stream.id)), "forget a closed stream's presence");
        }
    }

    /** Runs {@code work} on record {@code recordId}'s dispatch thread, in order; after {@link #close} it is dropped (rows expire). */
    private void later(long recordId, Runnable work, String what) {
        try {
            dispatch[(int) Math.floorMod(recordId, (long) DISPATCH_THREADS)].execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("live changes: could not {}", what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("live changes: closed, so not done: {}", what);
        }
    }

    /**
     * Runs {@code work} for a record's pages on the dispatch thread. When it fails, what
     * they were to be told is lost with it, so they are caught up ({@link #catchUp}) a
     * little later, up to {@link #CATCH_UP_ATTEMPTS} times in a row.
     */
    private void forRecord(long recordId, Runnable work, String what, int attempt) {
        forRecord(recordId, work, what, attempt, false);
    }

    /**
     * @param pending whether this is the record's pending catch-up ({@link #catchUpLater}),
     *     which stays pending until it has run, so that no other is scheduled meanwhile
     */
    private void forRecord(long recordId, Runnable work, String what, int attempt, boolean pending) {
        later(recordId, () -> {
            RuntimeException failed = null;
            try {
                work.run();
            } catch (RuntimeException e) {
                failed = e;
            } finally {
                if (pending) {
                    catchingUp.remove(recordId);
                }
            }
            if (failed == null) {
                return;
            }
            if (attempt >= CATCH_UP_ATTEMPTS) {
                throw failed;
            }
            LOG.warn("live changes: could not {} ({}); reading record {} again in {} ms", what, deepest(failed),
                    recordId, CATCH_UP_DELAY.toMillis());
            catchUpLater(recordId, attempt + 1);
        }, what);
    }

    /**
     * Reads the record again for its pages after {@link #CATCH_UP_DELAY}, unless a catch-up
     * of it is already pending or running: it reads everything, so a second would only
     * repeat it (and two chains of retries, each failing on a lock, would keep the record's
     * dispatch thread waiting on that lock without a pause).
     */
    private void catchUpLater(long recordId, int attempt) {
        if (!catchingUp.add(recordId)) {
            return;
        }
        try {
            upkeep.schedule(() -> forRecord(recordId, () -> catchUp(recordId), "read record " + recordId + " again",
                    attempt, true), CATCH_UP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            catchingUp.remove(recordId);
            LOG.debug("live changes: closed, so record {} is not read again", recordId);
        }
    }

    /**
     * The message of the innermost cause: jOOQ's own ("Error while running
     * ConnectionCallable") names no reason, PostgreSQL's does (a lock timeout, a lost connection).
     */
    private static String deepest(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** A notification: handed to the dispatch thread when this node has a page of that record open. */
    private void received(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length < 2) {
            return;
        }
        long recordId;
        try {
            recordId = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return;
        }
        if (watched.containsKey(recordId)) {
            if (parts[0].equals("presence") && !presencePending.add(recordId)) {
                return; // the pending read has not started yet, so it will see this arrival or departure too
            }
            forRecord(recordId, () -> handle(parts, recordId), "send '" + payload + "'", 1);
        }
    }

    private void handle(String[] parts, long recordId) {
        Watched w = watched.get(recordId);
        if (w == null) {
            presencePending.remove(recordId);
            return;
        }
        List<Stream> streams = List.copyOf(w.streams);
        switch (parts[0]) {
            case "saved", "deleted" -> sendChange(streams, parts[0], recordId, Integer.parseInt(parts[2]));
            case "lease" -> sendLease(w, streams, null);
            case "broken" -> sendLease(w, streams, leases.recentBreak(recordId).orElse(null));
            case "presence" -> {
                presencePending.remove(recordId);
                sendPresence(streams, recordId);
            }
            default -> LOG.debug("live changes: unknown notification {}", parts[0]);
        }
    }

    /** Tells each stream that has not heard of it yet about version {@code version}: who, which fields. */
    private void sendChange(List<Stream> streams, String kind, long recordId, int version) {
        List<Stream> behind = streams.stream().filter(s -> s.knownVersion.get() < version).toList();
        if (behind.isEmpty()) {
            return;
        }
        Revision revision = records.history(recordId, version + 1, 1).get(0);
        Collection collection = records.collectionOf(records.get(recordId));
        List<String> changed = revision.changedFields().stream()
                .map(key -> collection.field(key).map(FieldDef::label).orElse(key))
                .toList();
        List<Stream> told = behind.stream().filter(s -> s.knownVersion.getAndAccumulate(version, Math::max) < version).toList();
        sendEach(told, kind, stream -> revision.authorId() != null && revision.authorId() == stream.user.id(), mine -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("version", version);
            event.put("author", revision.authorName());
            event.put("mine", mine);
            event.put("changed", changed);
            event.put("at", revision.createdAt().toString());
            return event;
        });
    }

    /** How a lease event differs between pages: whether the one looking holds the lease, or held the broken one. */
    private record LeaseView(boolean mine, boolean wasMine) {}

    /** Tells streams who holds the record's lease now (and, after a break, who broke whose). */
    private void sendLease(Watched w, List<Stream> streams, LeaseBreak broken) {
        if (streams.isEmpty()) {
            return;
        }
        Optional<Lease> lease = leases.holder(streams.get(0).recordId);
        w.leaseExpires = lease.map(Lease::expiresAt).orElse(null);
        sendEach(streams, "lease", stream -> new LeaseView(lease.isPresent() && lease.get().isHeldBy(stream.user.id()),
                broken != null && broken.holderId() == stream.user.id()), view -> {
            Map<String, Object> event = new LinkedHashMap<>();
            if (lease.isPresent()) {
                Lease l = lease.get();
                event.put("holder", l.holderName());
                event.put("mine", view.mine());
                event.put("since", l.takenAt().toString());
                event.put("expires", l.expiresAt().toString());
            } else {
                event.put("holder", null);
                event.put("mine", false);
            }
            if (broken != null) {
                event.put("brokenBy", broken.brokenBy());
                event.put("brokenHolder", broken.holderName());
                event.put("wasMine", view.wasMine());
            }
            return event;
        });
    }

    /** Tells each stream who else is here: one entry per other user, editing when any of their pages is the form. */
    private void sendPresence(List<Stream> streams, long recordId) {
        List<PresenceStore.Present> here = presence.on(recordId);
        sendEach(streams, "presence", stream -> stream.user.id(), me -> {
            Map<Long, Map<String, Object>> others = new LinkedHashMap<>();
            here.stream()
                    .filter(p -> p.userId() != me)
                    .sorted(Comparator.comparing(PresenceStore.Present::name))
                    .forEach(p -> others.merge(p.userId(), new LinkedHashMap<>(Map.of("name", p.name(), "editing", p.editing())),
                            (a, b) -> (Boolean) a.get("editing") ? a : b));
            return Map.of("others", new ArrayList<>(others.values()));
        });
    }

    /**
     * Sends {@code event} to each stream. What it says differs only by who is looking, so
     * its data is built from the stream's {@code variant} (whether the change is mine, say)
     * and encoded once per variant, not once per stream: with a hundred pages of one record
     * open, that was much of the work.
     */
    private <K> void sendEach(List<Stream> streams, String event, Function<Stream, K> variant,
            Function<K, Map<String, Object>> data) {
        Map<K, byte[]> frames = new HashMap<>();
        for (Stream stream : streams) {
            send(stream, frames.computeIfAbsent(variant.apply(stream), key -> frame(event, data.apply(key))));
        }
    }

    /** An event as Javalin's {@link SseClient#sendEvent} writes it (JSON is one line), encoded once. */
    private static byte[] frame(String event, Map<String, Object> data) {
        try {
            return ("event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a frame to the stream's response, which Javalin's own sendEvent would take
     * apart into lines and encode again for each stream. A write that fails closes the stream.
     */
    private void send(Stream stream, byte[] frame) {
        synchronized (stream) {
            if (stream.client.terminated()) {
                closed(stream);
                return;
            }
            try {
                HttpServletResponse response = stream.client.ctx().res();
                response.getOutputStream().write(frame);
                response.flushBuffer();
            } catch (IOException | RuntimeException e) {
                stream.client.close();
                closed(stream);
            }
        }
    }

    /** Leases that ran out since they were announced: announced again (who holds it now, if anyone). */
    private void checkLeases() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        watched.forEach((recordId, w) -> {
            OffsetDateTime expires = w.leaseExpires;
            if (expires != null && !expires.isAfter(now)) {
                w.leaseExpires = null;
                received("lease " + recordId);
            }
        });
    }

    /**
     * A heartbeat on every stream whose session is live, the others closed; this node's
     * presence renewed; presence of stopped nodes swept.
     */
    private void keepAlive() {
        List<Stream> streams = new ArrayList<>();
        watched.values().forEach(w -> streams.addAll(w.streams));
        Set<String> ended = endedSessions(streams);
        List<UUID> ids = new ArrayList<>();
        for (Stream stream : streams) {
            synchronized (stream) {
                if (stream.client.terminated()) {
                    closed(stream);
                } else if (ended.contains(stream.sessionId)) {
                    // Closing calls closed(stream), which removes its presence (and tells the others).
                    stream.client.close();
                } else {
                    ids.add(stream.id);
                    try {
                        stream.client.sendComment("alive");
                    } catch (RuntimeException e) {
                        closed(stream);
                    }
                }
            }
        }
        try {
            presence.renew(ids);
            presence.sweep();
        } catch (RuntimeException e) {
            LOG.warn("live changes: presence not renewed ({})", e.getMessage());
        }
    }

    /**
     * Which of the streams' sessions have ended, read in one query for all of them. None when
     * the read fails: a database away for a moment ends nobody's pages (the next round reads again).
     */
    private Set<String> endedSessions(List<Stream> streams) {
        Set<String> ended = streams.stream().map(s -> s.sessionId).collect(Collectors.toCollection(HashSet::new));
        try {
            ended.removeAll(sessions.live(ended));
            return ended;
        } catch (RuntimeException e) {
            LOG.warn("live changes: sessions of open streams not checked ({})", e.getMessage());
            return Set.of();
        }
    }

    /** After the listener reconnected: what every open page shows is read again, since notifications were lost. */
    private void resync() {
        for (long recordId : watched.keySet()) {
            forRecord(recordId, () -> catchUp(recordId), "read record " + recordId + " again", 1);
        }
    }

    /** Tells a record's pages what they may have missed: a newer version, who holds the lease, who is here. */
    private void catchUp(long recordId) {
        Watched w = watched.get(recordId);
        if (w == null) {
            return;
        }
        StoredRecord now = records.get(recordId);
        List<Stream> streams = List.copyOf(w.streams);
        sendChange(streams, now.deleted() ? "deleted" : "saved", recordId, now.version());
        sendLease(w, streams, null);
        sendPresence(streams, recordId);
    }

    /** Closes every stream (their pages reconnect to another node, or to this one once it is back). */
    @Override
    public void close() {
        stopped = true;
        notifications.close();
        upkeep.shutdownNow();
        List<UUID> ids = new ArrayList<>();
        watched.values().forEach(w -> w.streams.forEach(stream -> {
            ids.add(stream.id);
            try {
                stream.client.close();
            } catch (RuntimeException e) {
                // Closing anyway.
            }
        }));
        watched.clear();
        for (ExecutorService thread : dispatch) {
            thread.shutdown();
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (ExecutorService thread : dispatch) {
                thread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            presence.delete(ids);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("live changes: presence left to expire", e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
