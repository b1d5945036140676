package dev.nyt.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Who the caller is: JWT checks (HS256, RS256, exp, sub) and the dev-mode header. */
class AuthenticatorTest {

    private static final byte[] SECRET = "a-unit-test-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
    private static final RSAKey RSA = rsaKey();

    private final Authenticator auth = new Authenticator(
            new JwtVerifier(SECRET, new ImmutableJWKSet<>(new JWKSet(RSA.toPublicJWK()))), false);

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(String subject, Instant expires) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject);
        if (expires != null) {
            builder.expirationTime(Date.from(expires));
        }
        return builder.build();
    }

    private static String hs256(JWTClaimsSet claims, byte[] secret) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String rs256(JWTClaimsSet claims, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Instant inAnHour() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    @Test
    void takesTheSubjectOfAValidHs256Token() throws Exception {
        assertThat(auth.caller("Bearer " + hs256(claims("alice", inAnHour()), SECRET), null, null)).isEqualTo("alice");
        assertThat(auth.caller("bearer " + hs256(claims("alice", inAnHour()), SECRET), null, null)).isEqualTo("alice");
    }

    @Test
    void takesTheSubjectOfAnRs256TokenSignedByAKeyOfTheJwks() throws Exception {
        assertThat(auth.caller("Bearer " + rs256(claims("bob", inAnHour()), RSA), null, null)).isEqualTo("bob");
    }

    @Test
    void takesTheTokenFromTheQueryParameterWhenThereIsNoHeader() throws Exception {
        assertThat(auth.caller(null, null, hs256(claims("carol", inAnHour()), SECRET))).isEqualTo("carol");
    }

    @Test
    void refusesExpiredTokens() throws Exception {
        String expired = hs256(claims("alice", Instant.now().minus(Duration.ofMinutes(5))), SECRET);

        assertThatThrownBy(() -> auth.caller("Bearer " + expired, null, null)).isInstanceOf(NotLoggedInException.class);
    }

    @Test
    void refusesTokensWithoutExpiryOrSubject() throws Exception {
        String noExpiry = hs256(claims("alice", null), SECRET);
        String noSubject = hs256(claims(null, inAnHour()), SECRET);

        assertThatThrownBy(() -> auth.caller("Bearer " + noExpiry, null, null)).isInstanceOf(NotLoggedInException.class);
        assertThatThrownBy(() -> auth.caller("Bearer " + noSubject, null, null)).isInstanceOf(NotLoggedInException.class);
    }

    @Test
    void refusesBadSignaturesUnsignedTokensAndOtherKeys() throws Exception {
        String otherSecret = hs256(claims("alice", inAnHour()), "another-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
        String otherRsa = rs256(claims("alice", inAnHour()), rsaKey());
        String unsigned = new PlainJWT(new PlainHeader(), claims("alice", inAnHour())).serialize();
        String tampered = hs256(claims("alice", inAnHour()), SECRET).replaceFirst("\\.[^.]+\\.", "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"sub\":\"mallory\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8)) + ".");

        for (String token : new String[] {otherSecret, otherRsa, unsigned, tampered, "garbage", ""}) {
            assertThatThrownBy(() -> auth.caller("Bearer " + token, null, null)).as(token)
                    .isInstanceOf(NotLoggedInException.class);
        }
    }

    @Test
    void refusesRequestsWithoutCredentials() {
        assertThatThrownBy(() -> auth.caller(null, null, null)).isInstanceOf(NotLoggedInException.class);
        assertThatThrownBy(() -> auth.caller("Basic YWxpY2U6c2VjcmV0", null, null)).isInstanceOf(NotLoggedInException.class);
    }

    @Test
    void acceptsTheDevHeaderOnlyInDevMode() {
        Authenticator dev = new Authenticator(new JwtVerifier(SECRET, null), true);

        assertThat(dev.caller(null, "dora", null)).isEqualTo("dora");
        assertThatThrownBy(() -> auth.caller(null, "dora", null)).isInstanceOf(NotLoggedInException.class);
    }

    @Test
    void aBadTokenIsRefusedEvenInDevModeWithTheHeader() {
        Authenticator dev = new Authenticator(new JwtVerifier(SECRET, null), true);

        assertThatThrownBy(() -> dev.caller("Bearer garbage", "dora", null)).isInstanceOf(NotLoggedInException.class);
    }
}
