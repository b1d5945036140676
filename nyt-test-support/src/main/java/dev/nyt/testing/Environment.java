package dev.nyt.testing;

import java.util.Map;
import java.util.Optional;

/** Reads the {@code NYT_TEST_*} variables from an injected map, so the choices can be tested. */
record Environment(Map<String, String> variables) {

    static final String KAFKA_BOOTSTRAP = "NYT_TEST_KAFKA_BOOTSTRAP";
    static final String KAFKA_IMAGE = "NYT_TEST_KAFKA_IMAGE";
    static final String DB_URL = "NYT_TEST_DB_URL";
    static final String DB_USER = "NYT_TEST_DB_USER";
    static final String DB_PASSWORD = "NYT_TEST_DB_PASSWORD";
    static final String POSTGRES_IMAGE = "NYT_TEST_POSTGRES_IMAGE";
    static final String DOCKER = "NYT_TEST_DOCKER";

    Environment {
        variables = Map.copyOf(variables);
    }

    static Environment system() {
        return new Environment(System.getenv());
    }

    /** The value of {@code name}, absent when unset or blank. */
    Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    String getOrDefault(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** {@code NYT_TEST_DOCKER=false} keeps Testcontainers out even when an engine answers. */
    boolean dockerAllowed() {
        return !get(DOCKER).map("false"::equalsIgnoreCase).orElse(false);
    }
}
