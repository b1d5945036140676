package dev.nyt.local;

import dev.nyt.local.up.ApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What the end-to-end ITs share: the HS256 secret they start the API with, tokens for it, the repository's root. */
final class TestTokens {

    static final String SECRET = "a-test-secret-that-is-at-least-32-bytes";

    private TestTokens() {
    }

    /** A JWT whose {@code sub} is the user, valid for an hour, signed with {@link #SECRET} (the demo's signer). */
    static String token(String user) {
        return ApiClient.token(SECRET.getBytes(StandardCharsets.UTF_8), user);
    }

    /** The repository's root, whether the tests run from nyt-local (Maven) or from the root. */
    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("nyt-local") ? here.getParent() : here;
    }
}
