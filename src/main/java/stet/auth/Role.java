package stet.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * Who may use a route. Users are editors or admins; {@link #PUBLIC} marks routes that
 * need no login (the login page, health, static files). An admin may do everything an
 * editor may.
 */
public enum Role implements RouteRole {
    PUBLIC,
    EDITOR,
    ADMIN;

    /** The role stored for a user: "editor" or "admin". */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromDb(String value) {
        return switch (value) {
            case "editor" -> EDITOR;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("unknown role " + value);
        };
    }

    /** Whether a user holding this role may use a route that requires {@code required}. */
    public boolean grants(Role required) {
        return required == PUBLIC || this == ADMIN || this == required;
    }
}
