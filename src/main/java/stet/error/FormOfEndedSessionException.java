package stet.error;

/**
 * A form rendered in a session that has ended, posted by its own user under the new
 * session the browser has now (a logout and a login in another tab): its CSRF token is
 * the old session's, so nothing is done (403), but what was typed is offered again to
 * send under the new session rather than lost.
 */
public final class FormOfEndedSessionException extends RuntimeException {
    public FormOfEndedSessionException(String message) {
        super(message);
    }
}
