package stet.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import stet.db.Database;
import stet.error.BadRequestException;

/**
 * Slows down password guessing, per username and per client address, in PostgreSQL
 * so that it holds across nodes. {@value #THRESHOLD} attempts in a streak (attempts
 * less than {@link #WINDOW} apart) lock the username or address for
 * {@link #FIRST_DELAY}; each further failed attempt doubles the delay, up to
 * {@link #MAX_DELAY}. While locked, no password is checked, not even the right one.
 * A successful log-in ends the username's streak. Unknown usernames are counted and
 * locked exactly like real ones, so the answers do not tell which exist.
 *
 * <p>Bad API bearer tokens are counted the same way per client address, under their own
 * kind ({@code token}), so that guessing tokens and mistyping passwords do not lock each
 * other out: {@link #tokenLock} before any token is looked up, {@link #tokenRefused} after
 * an unknown one.
 */
public final class LoginThrottle {

    /** The number of attempts in a streak at which a key locks. */
    static final int THRESHOLD = 5;
    /** Attempts closer together than this continue a streak. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_DELAY = Duration.ofMinutes(1);
    static final Duration MAX_DELAY = Duration.ofHours(1);
    /** Longer "usernames" cannot exist; counting them in full would only fill the table. */
    private static final int MAX_SUBJECT = 100;

    /** What an IPv6 literal may hold (a zone and brackets taken off): {@link #network} reads nothing else. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /**
     * What a log-in attempt came to. Callers answer it through {@link #accept}, one visitor
     * method per case, so a new case does not compile until every caller handles it.
     */
    public sealed interface Attempt {
        /** Why the attempt was refused, for the log-in page; null when it was not. */
        String refusal();

        /** Runs the visitor's method for this case and returns what it returns. */
        <R> R accept(Visitor<R> visitor);

        /** One method per case of an {@link Attempt}. */
        interface Visitor<R> {
            R loggedIn(LoggedIn loggedIn);

            R refused(Refused refused);

            R throttled(Throttled throttled);
        }

        /** The password was right. */
        record LoggedIn(User account) implements Attempt {
            @Override
            public String refusal() {
                return null;
            }

            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.loggedIn(this);
            }
        }

        /** Unknown user or wrong password: one answer for both, so it does not tell which users exist. */
        record Refused() implements Attempt {
            @Override
            public String refusal() {
                return "Unknown user or wrong password.";
            }

            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.refused(this);
            }
        }

        /** Not checked: the username or the address is locked for {@code retryAfter}. */
        record Throttled(Duration retryAfter) implements Attempt {
            /** Whole seconds, rounded up, for the Retry-After header. */
            public long retryAfterSeconds() {
                return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            }

            @Override
            public String refusal() {
                long seconds = retryAfterSeconds();
                String wait = seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
                return "Too many failed log-ins for this username or from your address. Try again in " + wait + ".";
            }

            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.throttled(this);
            }
        }
    }

    /** A username or address that is locked now, for the admins' users page. */
    public record Lock(String kind, String subject, int failures, OffsetDateTime until) {}

    private final Database db;
    private final LoginThrottleStore store;
    private final Clock clock;

    public LoginThrottle(Database db, Clock clock) {
        this(db, new LoginThrottleStore(db.dsl()), clock);
    }

    LoginThrottle(Database db, LoginThrottleStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Counts an attempt to log in as {@code username} from {@code address} and, unless
     * either is locked, runs {@code check} (the password check, which starts the session when
     * it passes) and answers with its result.
     */
    public Attempt attempt(String username, String address, Supplier<Optional<User>> check) {
        Instant now = clock.instant();
        List<LoginThrottleStore.Key> keys = keys(username, address);
        // A username is counted before its password is checked, so parallel guesses at one
        // account cannot get past the threshold. An address is counted only once a check
        // has failed: many people behind one address (an office, a proxy) log in at the
        // same moment, and their attempts in flight are not failures.
        List<LoginThrottleStore.Key> beforeCheck = keys.stream()
                .filter(k -> k.kind() == LoginThrottleStore.Kind.USERNAME).toList();
        List<LoginThrottleStore.Key> afterFailure = keys.stream()
                .filter(k -> k.kind() == LoginThrottleStore.Kind.ADDRESS).toList();
        Optional<Instant> lockedUntil;
        try {
            lockedUntil = db.transaction(tx -> reserve(tx, keys, beforeCheck, now));
        } catch (LockedMeanwhile e) {
            // Rolled back, so the other key does not count an attempt that checked nothing.
            lockedUntil = Optional.of(db.transaction(tx -> store.lockedUntil(tx, keys, now)).orElse(now.plusSeconds(1)));
        }
        if (lockedUntil.isPresent()) {
            return new Attempt.Throttled(Duration.between(now, lockedUntil.get()));
        }
        Optional<User> user = check.get();
        if (user.isEmpty()) {
            db.transaction(tx -> countAndLock(tx, afterFailure, now));
            return new Attempt.Refused();
        }
        for (LoginThrottleStore.Key key : beforeCheck) {
            store.clear(key);
        }
        store.deleteQuiet(now, WINDOW);
        return new Attempt.LoggedIn(user.get());
    }

    /**
     * Counts the attempt for the username before its password is checked, in one short
     * transaction: parallel guesses each take a number, so no more than {@value #THRESHOLD}
     * of a streak reach the check. Returns when the lock ends, if any key is locked (then
     * nothing is counted).
     */
    private Optional<Instant> reserve(DSLContext tx, List<LoginThrottleStore.Key> keys,
            List<LoginThrottleStore.Key> counted, Instant now) {
        Optional<Instant> until = store.lockedUntil(tx, keys, now);
        if (until.isPresent()) {
            return until;
        }
        if (countAndLock(tx, counted, now) < counted.size()) {
            throw new LockedMeanwhile();
        }
        return Optional.empty();
    }

    /**
     * Counts one attempt for each of {@code keys} and locks those that reached the
     * threshold (locked already while a reserved attempt's password is checked; a
     * success clears the username again). Returns how many keys were counted: a key
     * locked meanwhile is not.
     */
    private int countAndLock(DSLContext tx, List<LoginThrottleStore.Key> keys, Instant now) {
        Map<LoginThrottleStore.Key, Integer> counted = store.count(tx, keys, now, WINDOW);
        for (Map.Entry<LoginThrottleStore.Key, Integer> key : counted.entrySet()) {
            if (key.getValue() >= THRESHOLD) {
                store.lock(tx, key.getKey(), now.plus(delay(key.getValue())));
            }
        }
        return counted.size();
    }

    /** A key was locked by a concurrent attempt between reading and counting: roll the count back. */
    private static final class LockedMeanwhile extends RuntimeException {
        LockedMeanwhile() {
            super(null, null, false, false);
        }
    }

    /**
     * Whether {@code address} is locked for bad bearer tokens now: one indexed read, no
     * transaction, so the API requests of an address that is not locked never wait on each other.
     */
    public Optional<Attempt.Throttled> tokenLock(String address) {
        Instant now = clock.instant();
        return store.lockEnd(tokenKey(address), now).map(until -> new Attempt.Throttled(Duration.between(now, until)));
    }

    /**
     * Counts a bearer token from {@code address} that matched no token: at {@value #THRESHOLD}
     * in a streak the address locks for API requests, as it would for log-ins.
     */
    public void tokenRefused(String address) {
        Instant now = clock.instant();
        db.transaction(tx -> countAndLock(tx, List.of(tokenKey(address)), now));
    }

    private static LoginThrottleStore.Key tokenKey(String address) {
        return new LoginThrottleStore.Key(LoginThrottleStore.Kind.TOKEN, normalise(LoginThrottleStore.Kind.TOKEN,
                address == null || address.isBlank() ? "unknown" : address));
    }

    /** The usernames and addresses locked now. */
    public List<Lock> locked() {
        return store.locked(clock.instant()).stream()
                .map(l -> new Lock(l.key().kind().dbName(), l.key().subject(), l.failures(), l.until().atOffset(ZoneOffset.UTC)))
                .toList();
    }

    /**
     * An admin lifts the lock of a username or address (and forgets its failed attempts).
     * Returns false when it was not locked or counted.
     */
    public boolean unlock(String kind, String subject) {
        LoginThrottleStore.Kind parsed = LoginThrottleStore.Kind.parse(kind)
                .orElseThrow(() -> new BadRequestException("Unlock a username or an address."));
        if (subject == null || subject.isBlank()) {
            throw new BadRequestException("Say which " + parsed.dbName() + " to unlock.");
        }
        return store.clear(new LoginThrottleStore.Key(parsed, normalise(parsed, subject)));
    }

    /** How long the {@code failures}-th attempt of a streak locks: doubling from the threshold on. */
    static Duration delay(int failures) {
        int doublings = failures - THRESHOLD;
        if (doublings >= 20) {
            return MAX_DELAY;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static List<LoginThrottleStore.Key> keys(String username, String address) {
        List<LoginThrottleStore.Key> keys = new ArrayList<>(2);
        String name = username == null ? "" : normalise(LoginThrottleStore.Kind.USERNAME, username);
        if (!name.isEmpty()) {
            keys.add(new LoginThrottleStore.Key(LoginThrottleStore.Kind.USERNAME, name));
        }
        if (address != null && !address.isBlank()) {
            keys.add(new LoginThrottleStore.Key(LoginThrottleStore.Kind.ADDRESS,
                    normalise(LoginThrottleStore.Kind.ADDRESS, address)));
        }
        return keys;
    }

    /** Usernames as the log-in looks them up ({@link Usernames#normal}), addresses by {@link #network}. */
    private static String normalise(LoginThrottleStore.Kind kind, String subject) {
        String normal = kind == LoginThrottleStore.Kind.USERNAME ? Usernames.normal(subject) : network(subject.strip());
        return normal.length() > MAX_SUBJECT ? normal.substring(0, MAX_SUBJECT) : normal;
    }

    /**
     * What an address is counted as: an IPv6 address as its /64 network ("2001:db8:7:9::/64"),
     * since one machine is given a whole /64 and may send each guess from another of its
     * addresses; an IPv4 address written as IPv6 ("::ffff:192.0.2.1") as that IPv4 address;
     * anything else (an IPv4 address, a network as the locks list shows it) as it is.
     */
    static String network(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        // Only a literal with a colon is read, so no name is ever looked up.
        if (literal.indexOf(':') < 0 || !IPV6_LITERAL.matcher(literal).matches()) {
            return address;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return address;
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }
}
