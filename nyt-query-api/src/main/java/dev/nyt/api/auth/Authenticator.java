package dev.nyt.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the caller of a request: the {@code sub} of the JWT in {@code Authorization: Bearer ...}, or, for the
 * realtime routes whose browser APIs cannot set headers (EventSource, WebSocket), in the query parameter
 * {@code access_token}; in dev mode, the header {@code X-Nyt-User} also names the caller.
 */
public final class Authenticator {

    public static final String DEV_HEADER = "X-Nyt-User";
    public static final String TOKEN_PARAMETER = "access_token";
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final String BEARER = "bearer ";

    private final JwtVerifier verifier;
    private final boolean devMode;

    public Authenticator(JwtVerifier verifier, boolean devMode) {
        this.verifier = verifier;
        this.devMode = devMode;
        if (devMode) {
            log.warn("NYT_AUTH_MODE=dev: the header {} names the caller without any proof. Never use this in production.",
                    DEV_HEADER);
        }
    }

    public static Authenticator of(AuthConfig config) {
        return new Authenticator(JwtVerifier.of(config), config.devMode());
    }

    /**
     * The caller, or {@link NotLoggedInException}.
     *
     * @param authorization the Authorization header (may be null)
     * @param devUser       the X-Nyt-User header (may be null; used only in dev mode)
     * @param queryToken    the access_token query parameter (may be null; pass it only on realtime routes)
     */
    public String caller(String authorization, String devUser, String queryToken) {
        String token = null;
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = authorization.substring(BEARER.length()).trim();
        } else if (queryToken != null && !queryToken.isBlank()) {
            token = queryToken.trim();
        }
        if (token != null && !token.isEmpty()) {
            return verifier.subject(token).orElseThrow(NotLoggedInException::new);
        }
        if (devMode && devUser != null && !devUser.isBlank()) {
            return devUser.trim();
        }
        throw new NotLoggedInException();
    }
}
