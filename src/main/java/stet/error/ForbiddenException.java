package stet.error;

/** The user may not do this (missing role, missing or wrong CSRF token): HTTP 403. */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
