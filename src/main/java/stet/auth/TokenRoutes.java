package stet.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import stet.web.ApiPaths;
import stet.web.Flash;
import stet.web.Forms;
import stet.web.Views;

/**
 * The personal API tokens page ({@code /account/tokens}: list, create, revoke; an admin
 * sees and revokes everyone's) and {@code GET /api/v1/me}, which tells a script whose
 * token it holds.
 */
public final class TokenRoutes {

    private static final String PAGE = "/account/tokens";

    private final ApiTokenService tokens;
    private final Authentication authentication;

    public TokenRoutes(ApiTokenService tokens, Authentication authentication) {
        this.tokens = tokens;
        this.authentication = authentication;
    }

    public void register(RoutesConfig routes) {
        routes.get(PAGE, this::page, Role.EDITOR);
        routes.post(PAGE, this::create, Role.EDITOR);
        routes.post(PAGE + "/{id}/revoke", this::revoke, Role.EDITOR);
        routes.get(ApiPaths.PREFIX + "/me", this::me, Role.EDITOR);
    }

    private void page(Context ctx) {
        render(ctx, Map.of("name", "", "scope", "read", "expires", ""), Map.of(), null);
    }

    private void create(Context ctx) {
        Map<String, String> input = new HashMap<>();
        for (String field : new String[] {"name", "scope", "expires"}) {
            input.put(field, Optional.ofNullable(ctx.formParam(field)).orElse(""));
        }
        ApiTokenService.Creation created;
        try {
            created = tokens.create(Authentication.user(ctx), Authentication.sessionId(ctx), input.get("name"),
                    input.get("scope"), input.get("expires"));
        } catch (ApiTokenService.SessionEndedException e) {
            // A password reset ended the session after the access check found it: answered as if it had before.
            throw authentication.endedMeanwhile(ctx);
        }
        if (!created.ok()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, input, created.errors(), null);
            return;
        }
        // Rendered, not redirected: the secret exists only in this answer (the table has its hash),
        // and a redirect would have to carry it in a cookie or a URL.
        ctx.status(HttpStatus.CREATED);
        render(ctx, Map.of("name", "", "scope", "read", "expires", ""), Map.of(), created.issued());
    }

    private void revoke(Context ctx) {
        ApiToken token = tokens.revoke(Authentication.user(ctx), Forms.pathId(ctx, "id"));
        Flash.success(ctx, "Revoked the token \u201c" + token.name() + "\u201d: scripts using it are refused from now on.");
        ctx.redirect(PAGE, HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, Map<String, String> input, Map<String, String> errors,
            ApiTokenService.Issued issued) {
        Map<String, Object> model = new HashMap<>(Map.of("tokens", tokens.visibleTo(Authentication.user(ctx)),
                "input", input, "errors", errors, "now", tokens.now()));
        if (issued != null) {
            model.put("issued", issued);
        }
        Views.page(ctx, "account/tokens", model);
    }

    /** Who the request's token is: its user and the token's id and scope. */
    private void me(Context ctx) {
        Bearer bearer = Authentication.bearer(ctx).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", bearer.user().id());
        body.put("username", bearer.user().username());
        body.put("display_name", bearer.user().displayName());
        body.put("role", bearer.user().role().dbName());
        body.put("token", Map.of("id", bearer.tokenId(), "scope", bearer.scope().dbName()));
        ctx.json(body);
    }
}
