package stet.auth;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A personal API token as its list shows it; the secret is never part of it (only its
 * hash is stored, and the secret is shown once, when the token is created).
 *
 * @param expiresAt the end of the token's life (exclusive), or null when it does not expire
 * @param lastUsedAt the last request it authenticated, to the minute; null when never used
 * @param revokedAt when it was revoked, or null
 */
public record ApiToken(long id, User owner, String name, TokenScope scope, OffsetDateTime createdAt,
        OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {

    /** What the list shows for it at {@code now}: "active", "expired" or "revoked". */
    public String state(OffsetDateTime now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? "expired" : "active";
    }

    /** The last day (UTC) on which the token works, or null when it does not expire. */
    public LocalDate expiresOn() {
        return expiresAt == null ? null : expiresAt.withOffsetSameInstant(ZoneOffset.UTC).minusNanos(1).toLocalDate();
    }
}
