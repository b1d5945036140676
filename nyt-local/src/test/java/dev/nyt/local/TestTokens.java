package dev.nyt.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** What the end-to-end ITs share: the HS256 secret they start the API with, tokens for it, the repository's root. */
final class TestTokens {

    static final String SECRET = "a-test-secret-that-is-at-least-32-bytes";

    private TestTokens() {
    }

    /** A JWT whose {@code sub} is the user, valid for an hour, signed with {@link #SECRET}. */
    static String token(String user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                    .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's root, whether the tests run from nyt-local (Maven) or from the root. */
    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("nyt-local") ? here.getParent() : here;
    }
}
