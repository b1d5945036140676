package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls the query API on {@code port} as a user, with an HS256 JWT of {@code secret}; reads the answers' counts and ids. */
record ApiCaller(IntSupplier port, String secret) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A GET that must answer 200; its body. */
    String get(String path, String user) {
        HttpResponse<String> response = send(request(path, user).GET().build());
        assertThat(response.statusCode()).as("GET %s as %s: %s", path, user, response.body()).isEqualTo(200);
        return response.body();
    }

    HttpResponse<String> post(String path, String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static int totalCount(String json) {
        Matcher m = Pattern.compile("\"total_count\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static long maxId(String json) {
        return Pattern.compile("\"pk\":(\\d+)").matcher(json).results().mapToLong(r -> Long.parseLong(r.group(1)))
                .max().orElseThrow();
    }

    private HttpRequest.Builder request(String path, String user) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + path))
                .header("Authorization", "Bearer " + token(user)).timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String token(String user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                    .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
