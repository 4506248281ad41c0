package stet.web;

import io.javalin.http.Context;

/**
 * The JSON API's place in stet's URL space. Requests under {@link #PREFIX} are a
 * script's: they authenticate with a bearer token only (never the session cookie, so no
 * CSRF is needed), never get a cookie, and get their errors as JSON.
 */
public final class ApiPaths {

    public static final String PREFIX = "/api/v1";

    private ApiPaths() {}

    public static boolean isApi(Context ctx) {
        String path = ctx.path();
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }
}
