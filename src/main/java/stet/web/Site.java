package stet.web;

import io.javalin.config.Key;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * How stet is reached, as far as the browser is concerned: over HTTPS or not, and from
 * which origin. It sets every cookie stet sends (HttpOnly, SameSite=Lax, and Secure when
 * the site is served over HTTPS) and tells whether a request came from stet's own pages.
 * Shared by the whole app through Javalin's app data ({@link #of}).
 *
 * <p>HTTPS is known from {@code STET_PUBLIC_URL} (an {@code https://} URL), or, only
 * when {@code STET_TRUST_PROXY} is on, from the proxy's {@code X-Forwarded-Proto}
 * (a client could send that header itself when nothing in front of stet removes it).
 */
public final class Site {

    public static final Key<Site> KEY = new Key<>("stet.site");

    private final Optional<URI> publicUrl;
    private final boolean trustProxy;
    private final Signer signer;

    public Site(Optional<URI> publicUrl, boolean trustProxy, Signer signer) {
        this.publicUrl = publicUrl;
        this.trustProxy = trustProxy;
        this.signer = signer;
    }

    public static Site of(Context ctx) {
        return ctx.appData(KEY);
    }

    public Signer signer() {
        return signer;
    }

    /** Whether the browser reached stet over HTTPS. */
    public boolean isHttps(Context ctx) {
        if (publicUrl.isPresent()) {
            return "https".equalsIgnoreCase(publicUrl.get().getScheme());
        }
        if (trustProxy) {
            return forwarded(ctx, "X-Forwarded-Proto").map(p -> p.equalsIgnoreCase("https")).orElse(false);
        }
        return "https".equalsIgnoreCase(ctx.scheme());
    }

    /** The origin the browser sees, e.g. {@code https://stet.example.org}. */
    public String origin(Context ctx) {
        if (publicUrl.isPresent()) {
            URI url = publicUrl.get();
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = scheme.equals("https") ? 443 : 80;
            // As browsers write an Origin: no user info, no default port.
            String port = url.getPort() == -1 || url.getPort() == defaultPort ? "" : ":" + url.getPort();
            return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + port;
        }
        String host = (trustProxy ? forwarded(ctx, "X-Forwarded-Host") : Optional.<String>empty())
                .orElseGet(() -> Optional.ofNullable(ctx.header("Host")).orElse(""));
        return (isHttps(ctx) ? "https" : "http") + "://" + host.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the browser says this request came from a page of this site. Browsers send
     * {@code Sec-Fetch-Site}; older ones only {@code Origin}. A request with neither
     * cannot show where it came from, so it does not count as same-origin.
     */
    public boolean isSameOrigin(Context ctx) {
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null) {
            return fetchSite.equals("same-origin");
        }
        String origin = ctx.header("Origin");
        return origin != null && origin.toLowerCase(Locale.ROOT).equals(origin(ctx));
    }

    /** Sets an HttpOnly, SameSite=Lax cookie for the whole site; {@code maxAge} -1 lasts the browser session. */
    public void setCookie(Context ctx, String name, String value, int maxAge) {
        ctx.cookie(new Cookie(name, value, "/", maxAge, isHttps(ctx), true, null, SameSite.LAX));
    }

    public void clearCookie(Context ctx, String name) {
        setCookie(ctx, name, "", 0);
    }

    /**
     * The address the request came from, as far as stet can trust it: the TCP peer, or,
     * behind a trusted proxy, the last address in {@code X-Forwarded-For}, which that proxy
     * appended (the ones before it are whatever the client claimed). Without this every
     * client behind a proxy would share the proxy's address, and one person's failed
     * log-ins would lock everyone out.
     */
    public String clientAddress(Context ctx) {
        if (trustProxy) {
            String chain = ctx.header("X-Forwarded-For");
            if (chain != null) {
                String[] hops = chain.split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty()) {
                    return last;
                }
            }
        }
        return ctx.ip();
    }

    /** The first value of a proxy header (proxies append theirs to a list). */
    private static Optional<String> forwarded(Context ctx, String header) {
        return Optional.ofNullable(ctx.header(header))
                .map(v -> v.split(",", 2)[0].trim())
                .filter(v -> !v.isEmpty());
    }
}
