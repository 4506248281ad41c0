package stet.error;

/**
 * A change was sent to the database but the commit itself failed (the connection broke
 * while committing, say during a database restart), so nobody can tell whether it was
 * saved. The page must say so rather than claim that nothing changed, and point where
 * the user can check ({@code link}, a local path, or null when there is no such place).
 */
public final class OutcomeUnknownException extends RuntimeException {

    private final String link;
    private final String linkText;

    public OutcomeUnknownException(String message, String link, String linkText, Throwable cause) {
        super(message, cause);
        this.link = link;
        this.linkText = linkText;
    }

    /** A local path where the outcome can be checked, or null. */
    public String link() {
        return link;
    }

    /** The text of {@link #link()}, or null. */
    public String linkText() {
        return linkText;
    }
}
