package stet;

/**
 * stet could not start for a reason its operator can fix, said in words: {@link Main} prints
 * the message alone and exits with status 1, not a stack trace.
 */
public final class StartFailure extends RuntimeException {

    public StartFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
