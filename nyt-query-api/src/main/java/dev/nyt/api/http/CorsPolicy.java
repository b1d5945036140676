package dev.nyt.api.http;

import dev.nyt.api.auth.Authenticator;
import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which other origins may call the API from a browser ({@code NYT_CORS_ORIGINS}: exact origins such as
 * {@code https://app.example.com}, separated by commas; none by default). For an allowed origin every answer
 * carries {@code Access-Control-Allow-Origin} with that origin, and a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered 204 with the methods and headers the API takes; a preflight
 * from any other origin is answered 403 without them, so the browser refuses the call. The WebSocket upgrade is
 * checked against the same list ({@link #allowsSocket}); a same-origin page is always allowed.
 */
public record CorsPolicy(Set<String> origins) {

    public static final String VARIABLE = "NYT_CORS_ORIGINS";

    /** What a preflight allows: the API's methods, and the request headers it reads. */
    static final String METHODS = "GET, POST, PUT, DELETE";
    static final String HEADERS = String.join(", ", Header.AUTHORIZATION, Header.CONTENT_TYPE, "Last-Event-ID",
            Authenticator.DEV_HEADER);
    static final String MAX_AGE_SECONDS = "600";

    public CorsPolicy {
        origins = Set.copyOf(origins);
    }

    public static CorsPolicy none() {
        return new CorsPolicy(Set.of());
    }

    public static CorsPolicy fromEnv(Env env) {
        Set<String> origins = new LinkedHashSet<>();
        for (String raw : env.string(VARIABLE, "").split(",")) {
            if (!raw.isBlank()) {
                origins.add(origin(raw.trim()));
            }
        }
        return new CorsPolicy(origins);
    }

    /** An origin as browsers send it: scheme, host and port only, lower case; anything else fails at start. */
    private static String origin(String value) {
        try {
            URI uri = new URI(value);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!web || uri.getHost() == null || !bare) {
                throw new ConfigException(VARIABLE, "takes exact origins like https://app.example.com:8443 (scheme, host,"
                        + " optional port; no path, no wildcard), was '" + value + "'");
            }
            return value.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            throw new ConfigException(VARIABLE, "'" + value + "' is not an origin: " + e.getMessage());
        }
    }

    boolean allows(String origin) {
        return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** Before every request: the CORS headers for an allowed origin, and the whole answer of a preflight. */
    void apply(Context ctx) {
        String origin = ctx.header(Header.ORIGIN);
        if (origin == null) {
            return;
        }
        ctx.header(Header.VARY, Header.ORIGIN);
        boolean allowed = allows(origin);
        if (allowed) {
            ctx.header(Header.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        boolean preflight = "OPTIONS".equals(ctx.method().name()) && ctx.header(Header.ACCESS_CONTROL_REQUEST_METHOD) != null;
        if (!preflight) {
            return;
        }
        if (allowed) {
            ctx.header(Header.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
            ctx.header(Header.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
            ctx.header(Header.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            ctx.status(HttpStatus.FORBIDDEN).json(ErrorBody.of("origin not allowed"));
        }
        ctx.skipRemainingHandlers();
    }

    /**
     * Whether a WebSocket upgrade may proceed: no {@code Origin} (not a browser), the page's own origin (its host
     * and port are the request's {@code Host}), or an allowed one.
     */
    boolean allowsSocket(String origin, String host) {
        if (origin == null || allows(origin)) {
            return true;
        }
        try {
            URI uri = new URI(origin);
            String authority = uri.getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
