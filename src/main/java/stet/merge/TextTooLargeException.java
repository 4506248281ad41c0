package stet.merge;

/**
 * A line merge refused because an input is over the engine's ceiling ({@link LineMerge#MAX_LINES}
 * lines or {@link LineMerge#MAX_CHARS} characters per text). Thrown before any work is done; its
 * message says which text is too large and what the ceiling is.
 */
public final class TextTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    TextTooLargeException(String message) {
        super(message);
    }
}
