package dev.nyt.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jOOQ classes in {@code dev.nyt.api.db.jooq} are generated from the migrations and committed. This
 * regenerates them from the migrations and fails when anything differs: after changing a migration, run
 * {@link JooqGenerator} and commit its output.
 */
class GeneratedClassesMatchMigrationsIT {

    @Test
    void committedJooqClassesAreWhatTheMigrationsGenerate() throws Exception {
        Path fresh = Path.of("target", "jooq-check");
        JooqGenerator.generate(fresh);

        Path packageDir = Path.of(JooqGenerator.PACKAGE.replace('.', '/'));
        assertThat(sources(JooqGenerator.SOURCES.resolve(packageDir)))
                .as("committed classes under src/main/java differ from the migrations: regenerate with JooqGenerator")
                .isEqualTo(sources(fresh.resolve(packageDir)));
    }

    private static Map<String, String> sources(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }
}
