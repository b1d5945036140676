package dev.nyt.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, asked at most once per JVM. Testcontainers is only
 * consulted when there is a hint of an engine (a {@code DOCKER_HOST}, a Testcontainers
 * properties file, a known socket), so a machine without Docker decides fast and quietly.
 */
final class DockerEngine {

    private static Boolean answers;

    private DockerEngine() {
    }

    static synchronized boolean answers() {
        if (answers == null) {
            answers = hinted() && askTestcontainers();
        }
        return answers;
    }

    private static boolean hinted() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows")) {
            return true;
        }
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        return candidateFiles().anyMatch(Files::exists);
    }

    private static Stream<Path> candidateFiles() {
        Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
        Stream<Path> fixed = List.of(
                Path.of("/var/run/docker.sock"),
                home.resolve(".testcontainers.properties"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".rd/docker.sock")).stream();
        Stream<Path> rootless = Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR"))
                .map(dir -> Path.of(dir, "docker.sock"))
                .stream();
        return Stream.concat(fixed, rootless);
    }

    private static boolean askTestcontainers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
