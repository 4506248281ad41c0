package stet.web;

import io.javalin.config.Key;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import stet.auth.User;

/**
 * Renders Thymeleaf templates from {@code templates/} on the classpath. Every page gets
 * the same few variables besides its own model: {@code me} (the logged-in user or
 * null), {@code csrf} (the token its forms must carry), {@code loginCsrf} (the login
 * form's, when it may show one) and {@code flash} (a message
 * left by the previous request, shown once). Every POST form also gets the user's
 * {@link FormStamp} (see {@link FormStampDialect}).
 */
public final class Views {

    /**
     * A page's content type. The charset is named: Javalin's {@code ContentType.TEXT_HTML} is
     * the bare media type, and a client without a charset may decode the bytes as ISO-8859-1.
     */
    private static final String HTML_IN_UTF_8 = "text/html; charset=utf-8";

    /** Where a request finds the app's views ({@link #page}). */
    public static final Key<Views> KEY = new Key<>("stet.views");

    /** Request attributes the authentication filter sets for every page. */
    public static final String ME = "me";
    public static final String CSRF = "csrf";
    /** The token of the login form: the anonymous one, set when a login page may be rendered. */
    public static final String LOGIN_CSRF = "loginCsrf";
    /** The {@link FormStamp} of the logged-in user, set with the other two. */
    public static final String STAMP = "stet.formStamp";

    private final TemplateEngine engine;
    private final Format format = new Format();
    /** The most a request may hold: forms that may hold long texts say so to their script ({@code maxFormBytes}). */
    private final Long maxFormBytes;

    public Views(long maxFormBytes) {
        this.maxFormBytes = maxFormBytes;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Views.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        this.engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.addDialect(new FormStampDialect());
        engine.addDialect(new HtmlDialect());
        // @{/path} links need a context path; stet is served at the root, so it is empty.
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
    }

    /**
     * Answers with the page {@code template} renders from {@code model}, written as UTF-8 by
     * {@link Utf8}, which keeps the fast path for the ASCII parts of a page that holds any
     * other character. The one way a route answers with a page: there is no Javalin file
     * renderer, so {@code ctx.render} would fail rather than take the slow path.
     */
    public static void page(Context ctx, String template, Map<String, ?> model) {
        String html = ctx.appData(KEY).render(template, model, ctx);
        ctx.contentType(HTML_IN_UTF_8).result(Utf8.bytes(html));
    }

    /** The page with the request's own variables (the user, the CSRF token, the stamp, the flash) besides {@code model}. */
    private String render(String template, Map<String, ?> model, Context ctx) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put(ME, ctx.attribute(ME));
        variables.put(CSRF, ctx.attribute(CSRF));
        variables.put(LOGIN_CSRF, ctx.attribute(LOGIN_CSRF));
        variables.put(FormStampDialect.VARIABLE, ctx.attribute(STAMP));
        variables.put("flash", Flash.take(ctx).orElse(null));
        variables.put("path", ctx.path());
        return process(template, variables);
    }

    /** Renders a template with these variables (and {@code fmt}); the page's own are set by {@link #render}. */
    public String process(String template, Map<String, Object> variables) {
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context();
        context.setVariables(variables);
        context.setVariable("fmt", format);
        context.setVariable("maxFormBytes", maxFormBytes);
        // Read by the layout on every page: a variable costs less than OGNL's method calls.
        Object me = variables.get(ME);
        context.setVariable("admin", me instanceof User user && user.isAdmin());
        context.setVariable("meLabel", me instanceof User user ? user.displayName() + " (" + user.role().dbName() + ")" : null);
        return engine.process(template, context);
    }
}
