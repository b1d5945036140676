package dev.nyt.api.auth;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How callers prove who they are: {@code NYT_JWT_SECRET} (HS256, at least 32 bytes) and/or
 * {@code NYT_JWT_JWKS_URL} (RS256 keys), and {@code NYT_AUTH_MODE} ({@code jwt}, the default, or {@code dev},
 * which also takes the caller from the header {@code X-Nyt-User}).
 */
public record AuthConfig(boolean devMode, Optional<byte[]> secret, Optional<URI> jwksUrl) {

    public static final int MIN_SECRET_BYTES = 32;

    public AuthConfig {
        secret = secret.map(byte[]::clone);
        if (!devMode && secret.isEmpty() && jwksUrl.isEmpty()) {
            throw new ConfigException("NYT_JWT_SECRET", "is required (or NYT_JWT_JWKS_URL), unless NYT_AUTH_MODE=dev");
        }
    }

    public static AuthConfig fromEnv(Env env) {
        boolean dev = "dev".equals(env.oneOf("NYT_AUTH_MODE", "jwt", "jwt", "dev"));
        Optional<byte[]> secret = env.optional("NYT_JWT_SECRET").map(s -> s.getBytes(StandardCharsets.UTF_8));
        if (secret.isPresent() && secret.get().length < MIN_SECRET_BYTES) {
            throw new ConfigException("NYT_JWT_SECRET", "must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256, was " + secret.get().length);
        }
        Optional<URI> jwks = env.optional("NYT_JWT_JWKS_URL").map(AuthConfig::url);
        return new AuthConfig(dev, secret, jwks);
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new ConfigException("NYT_JWT_JWKS_URL", "must be an http(s) URL, was '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("NYT_JWT_JWKS_URL", "is not a URL: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "AuthConfig[devMode=" + devMode + ", hs256=" + secret.isPresent() + ", jwksUrl=" + jwksUrl.orElse(null) + "]";
    }
}
