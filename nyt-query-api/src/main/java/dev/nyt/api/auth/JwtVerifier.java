package dev.nyt.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a bearer token and answers its subject: a signature by the HS256 secret or by an RS256 key of the
 * JWKS, an {@code exp} in the future (60 s of clock skew), a non-blank {@code sub}. Any other token is
 * refused, {@code alg: none} included. Thread-safe.
 */
public final class JwtVerifier {

    private final DefaultJWTProcessor<SecurityContext> hs256;
    private final DefaultJWTProcessor<SecurityContext> rs256;

    public JwtVerifier(byte[] secret, JWKSource<SecurityContext> rsaKeys) {
        this.hs256 = secret == null ? null : processor(JWSAlgorithm.HS256, new ImmutableSecret<>(secret));
        this.rs256 = rsaKeys == null ? null : processor(JWSAlgorithm.RS256, rsaKeys);
    }

    public static JwtVerifier of(AuthConfig config) {
        JWKSource<SecurityContext> jwks = config.jwksUrl().map(uri -> {
            try {
                return JWKSourceBuilder.<SecurityContext>create(uri.toURL()).build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("NYT_JWT_JWKS_URL: " + e.getMessage(), e);
            }
        }).orElse(null);
        return new JwtVerifier(config.secret().orElse(null), jwks);
    }

    /** The token's subject, or empty when the token is not one this service accepts. */
    public Optional<String> subject(String token) {
        try {
            JWSAlgorithm algorithm = SignedJWT.parse(token).getHeader().getAlgorithm();
            DefaultJWTProcessor<SecurityContext> processor =
                    JWSAlgorithm.HS256.equals(algorithm) ? hs256 : JWSAlgorithm.RS256.equals(algorithm) ? rs256 : null;
            if (processor == null) {
                return Optional.empty();
            }
            JWTClaimsSet claims = processor.process(token, null);
            String subject = claims.getSubject();
            return subject == null || subject.isBlank() ? Optional.empty() : Optional.of(subject);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWSAlgorithm algorithm, JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().build(),
                Set.of("sub", "exp")));
        return processor;
    }
}
