package dev.nyt.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of every route ({@code /openapi.json}), kept beside the code in
 * {@code dev/nyt/api/openapi.json}; {@code OpenApiIT} fails when it and the served routes or their answers part.
 */
public final class OpenApi {

    public static final String RESOURCE = "/dev/nyt/api/openapi.json";

    private OpenApi() {
    }

    public static byte[] document() {
        return resource(RESOURCE);
    }

    /** A file the API serves as it is (this document, the web inbox), read from the classpath. */
    static byte[] resource(String name) {
        try (InputStream in = OpenApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
