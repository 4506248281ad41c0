package stet.web;

import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every address that answers GET answers HEAD too (RFC 9110 9.3.2), as uptime monitors,
 * link checkers and {@code curl -I} ask it: Javalin routes HEAD only to HEAD handlers, so
 * without this a HEAD fell through to the access check as an unknown address. The HEAD
 * endpoint runs the GET's handler under the GET's roles, so it is refused exactly as the GET
 * is; Jetty sends the answer's status and headers and leaves its body out.
 */
public final class HeadRequests {

    private HeadRequests() {}

    /** Adds, beside each GET endpoint of {@code router} with no HEAD endpoint of its own, a HEAD endpoint like it. */
    public static void answerAsGet(InternalRouter router) {
        List<Endpoint> endpoints = router.allHttpHandlers().stream().map(parsed -> parsed.endpoint).toList();
        Set<String> answered = endpoints.stream()
                .filter(endpoint -> endpoint.method.equals(HandlerType.HEAD))
                .map(endpoint -> endpoint.path)
                .collect(Collectors.toSet());
        for (Endpoint get : endpoints) {
            if (get.method.equals(HandlerType.GET) && answered.add(get.path)) {
                router.addHttpEndpoint(headLike(get));
            }
        }
    }

    private static Endpoint headLike(Endpoint get) {
        Endpoint.Companion.EndpointBuilder head = Endpoint.create(HandlerType.HEAD, get.path);
        Roles roles = get.metadata(Roles.class);
        if (roles != null) {
            head.addMetadata(roles);
        }
        return head.handler(get.handler);
    }
}
