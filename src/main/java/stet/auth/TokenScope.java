package stet.auth;

import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Optional;

/** What an API token may do: {@link #READ} only reads (GET, HEAD); {@link #WRITE} all its user's role allows. */
public enum TokenScope {
    READ,
    WRITE;

    /** The name stored and shown: "read" or "write". */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TokenScope> parse(String value) {
        for (TokenScope scope : values()) {
            if (scope.dbName().equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** Whether a request with this method may use a token of this scope. */
    public boolean allows(HandlerType method) {
        return this == WRITE || method == HandlerType.GET || method == HandlerType.HEAD;
    }
}
