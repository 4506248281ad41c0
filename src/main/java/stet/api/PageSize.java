package stet.api;

import io.javalin.http.Context;
import java.util.List;
import stet.error.BadRequestException;

/** How many items a page of the API holds: {@code limit}, 1 to {@link #MAX}, or {@link #DEFAULT}. */
final class PageSize {

    static final int DEFAULT = 50;
    static final int MAX = 500;

    private PageSize() {}

    /** The page size the request asks for in {@code limit}, or the default. */
    static int of(Context ctx) {
        List<String> limit = ctx.queryParams("limit");
        if (limit.isEmpty() || limit.size() == 1 && limit.get(0).isBlank()) {
            return DEFAULT;
        }
        String value = limit.get(0).strip();
        if (limit.size() == 1 && value.matches("[0-9]{1,3}")) {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX) {
                return size;
            }
        }
        throw new BadRequestException("The query parameter 'limit' is the number of items a page holds: one whole"
                + " number from 1 to " + MAX + " (" + DEFAULT + " when it is left out).");
    }
}
