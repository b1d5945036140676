package dev.nyt.local.up;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.nyt.events.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * A small HTTP client of the query API acting as a user: in dev mode with the header {@code X-Nyt-User}, else
 * with an HS256 JWT signed with {@code NYT_JWT_SECRET} (the demo and the end-to-end test use it).
 */
public final class ApiClient implements AutoCloseable {

    /** An answer: the status and the body as JSON (null when it was not JSON). */
    public record Answer(int status, JsonNode json, String body) {
    }

    private static final JsonMapper JSON = Json.mapper();

    private final String baseUrl;
    private final Optional<byte[]> jwtSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param jwtSecret sign a JWT with it; empty: dev mode, name the caller in {@code X-Nyt-User} */
    public ApiClient(String baseUrl, Optional<String> jwtSecret) {
        this.baseUrl = baseUrl;
        this.jwtSecret = jwtSecret.map(secret -> secret.getBytes(StandardCharsets.UTF_8));
    }

    public Answer get(String user, String path) {
        return send(request(user, path).GET().build());
    }

    public Answer post(String user, String path, String jsonBody) {
        return send(request(user, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    /** An HS256 JWT for {@code user}, valid for an hour. */
    public static String token(byte[] secret, String user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject(user)
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                    .build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a JWT: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String user, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            jwtSecret.ifPresentOrElse(
                    secret -> builder.header("Authorization", "Bearer " + token(secret, user)),
                    () -> builder.header("X-Nyt-User", user));
        }
        return builder;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (tools.jackson.core.JacksonException e) {
                json = null;
            }
            return new Answer(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
