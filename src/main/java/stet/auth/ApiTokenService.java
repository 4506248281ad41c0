package stet.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import stet.error.ForbiddenException;
import stet.error.NotFoundException;

/**
 * Personal API tokens: creating one (its secret is returned once and only its SHA-256
 * is kept), listing (a user's own; an admin's, everyone's), revoking, and finding the
 * token of an API request's secret.
 *
 * <p>A token acts as its user with the user's current role: a role change applies at
 * once, and a deleted user's tokens go with the user (the rows cascade).
 */
public final class ApiTokenService {

    /** The longest token name. */
    public static final int MAX_NAME = 100;
    /** A token's last use is written at most this often, so a busy script costs no write per request. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** Secrets start with this, so that a secret scanner (or a person) can tell one in a leaked file. */
    static final String SECRET_PREFIX = "stet_";
    /** Expiry dates are whole days; later years are a typing mistake (and past what the database stores). */
    private static final int LAST_YEAR = 9999;

    /** A new token and its secret, which exists nowhere else: show it once. */
    public record Issued(ApiToken token, String secret) {}

    /** The outcome of creating a token from a form: the token, or a message per invalid field. */
    public record Creation(Issued issued, Map<String, String> errors) {
        public boolean ok() {
            return issued != null;
        }
    }

    /** Thrown when the session asking for a token ended before it was stored (a password reset): nothing was created. */
    static final class SessionEndedException extends RuntimeException {
        SessionEndedException() {
            super("The session asking for the token has ended; no token was created.");
        }
    }

    /** What a presented secret came to. */
    public enum Status { VALID, UNKNOWN, EXPIRED, REVOKED }

    /** A looked-up secret: its status, and who it is when {@link Status#VALID}. */
    public record Lookup(Status status, Bearer bearer) {}

    private final ApiTokenStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokenService(DSLContext dsl, Clock clock) {
        this.store = new ApiTokenStore(dsl);
        this.clock = clock;
    }

    /**
     * Creates a token for {@code owner} from what a form of their session {@code sessionId}
     * sent: a name (required, at most {@value #MAX_NAME} characters), a scope ("read" or
     * "write") and an optional expiry date (ISO, not before today in UTC; the token works to
     * the end of that day, UTC). Throws {@link SessionEndedException} when that session has
     * ended meanwhile: a password reset that ends it must not leave a token made with it.
     */
    public Creation create(User owner, String sessionId, String name, String scope, String expires) {
        Map<String, String> errors = new LinkedHashMap<>();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            errors.put("name", "Give the token a name, e.g. what script uses it.");
        } else if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            errors.put("name", "A token name may have at most " + MAX_NAME + " characters.");
        } else if (trimmed.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "A token name is one line of text without control characters.");
        }
        Optional<TokenScope> parsedScope = TokenScope.parse(scope);
        if (parsedScope.isEmpty()) {
            errors.put("scope", "Choose read or write.");
        }
        Optional<LocalDate> expiry = Optional.empty();
        if (expires != null && !expires.isBlank()) {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            try {
                expiry = Optional.of(LocalDate.parse(expires.strip()));
                if (expiry.get().isBefore(today)) {
                    errors.put("expires", "The expiry date is in the past: choose today (" + today + ") or later.");
                } else if (expiry.get().getYear() > LAST_YEAR) {
                    errors.put("expires", "Choose an expiry date before the year " + (LAST_YEAR + 1) + ".");
                }
            } catch (DateTimeParseException e) {
                errors.put("expires", "Write the expiry date as YYYY-MM-DD, or leave it empty for no expiry.");
            }
        }
        if (!errors.isEmpty()) {
            return new Creation(null, errors);
        }
        return new Creation(issue(owner, Optional.of(sessionId), trimmed, parsedScope.get(), expiry), Map.of());
    }

    /**
     * Creates a token for {@code owner} that works until the end of {@code lastDay} (UTC),
     * or without expiry, with no session to check: the way tests mint a token for a user.
     * Requests create theirs with {@link #create}.
     */
    public Issued issue(User owner, String name, TokenScope scope, Optional<LocalDate> lastDay) {
        return issue(owner, Optional.empty(), name, scope, lastDay);
    }

    private Issued issue(User owner, Optional<String> sessionId, String name, TokenScope scope,
            Optional<LocalDate> lastDay) {
        String secret = SECRET_PREFIX + randomPart();
        OffsetDateTime now = now();
        OffsetDateTime expiresAt = lastDay.map(d -> d.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)).orElse(null);
        long id = store.insert(sessionId, owner.id(), name, scope, SessionStore.hash(secret), now, expiresAt)
                .orElseThrow(SessionEndedException::new);
        return new Issued(new ApiToken(id, owner, name, scope, now, expiresAt, null, null), secret);
    }

    /** The tokens {@code viewer} may see: an admin's are everyone's. */
    public List<ApiToken> visibleTo(User viewer) {
        return viewer.isAdmin() ? store.all() : store.ofUser(viewer.id());
    }

    /**
     * {@code actor} revokes token {@code id}: their own, or anyone's when an admin. Returns
     * the token; revoking a revoked token changes nothing.
     */
    public ApiToken revoke(User actor, long id) {
        ApiToken token = store.find(id).orElseThrow(() -> new NotFoundException("There is no API token " + id + "."));
        if (token.owner().id() != actor.id() && !actor.isAdmin()) {
            throw new ForbiddenException("Only its owner or an admin may revoke this token.");
        }
        store.revoke(id, actor.id(), now());
        return token;
    }

    /**
     * Finds the token of {@code secret}: valid, unknown, expired or revoked. A valid
     * token's use is recorded, at most once per {@link #TOUCH_EVERY}.
     */
    public Lookup authenticate(String secret) {
        Optional<ApiTokenStore.Found> found = store.findBySecretHash(SessionStore.hash(secret));
        if (found.isEmpty()) {
            return new Lookup(Status.UNKNOWN, null);
        }
        ApiTokenStore.Found token = found.get();
        OffsetDateTime now = now();
        if (token.revokedAt() != null) {
            return new Lookup(Status.REVOKED, null);
        }
        if (token.expiresAt() != null && !now.isBefore(token.expiresAt())) {
            return new Lookup(Status.EXPIRED, null);
        }
        OffsetDateTime touchBefore = now.minus(TOUCH_EVERY);
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(touchBefore)) {
            store.touch(token.bearer().tokenId(), now, touchBefore);
        }
        return new Lookup(Status.VALID, token.bearer());
    }

    /** The time now, as the lists show it. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private String randomPart() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
