package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.local.KafkaTools.Tool;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KafkaToolsTest {

    private static List<Tool> allTools() {
        return Stream.concat(KafkaTools.TOOLS.stream(), KafkaTools.NYT_TOOLS.stream()).toList();
    }

    /** Exactly what ./nyt kafka runs with: target/classes and target/classpath.txt, nothing of the tests. */
    private static URLClassLoader runtimeClasspath() throws IOException {
        Stream<Path> jars = Arrays.stream(Files.readString(Path.of("target", "classpath.txt")).strip()
                .split(File.pathSeparator)).map(Path::of);
        URL[] urls = Stream.concat(Stream.of(Path.of("target", "classes")), jars)
                .map(KafkaToolsTest::url)
                .toArray(URL[]::new);
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }

    @Test
    void everyToolNameRunsAPublicStaticMainOnTheRuntimeClasspath() throws Exception {
        try (URLClassLoader runtime = runtimeClasspath()) {
            for (Tool tool : allTools()) {
                Class<?> type = Class.forName(tool.mainClass(), true, runtime);
                type.getDeclaredMethods(); // every type its methods name must be there too
                Method main = type.getMethod("main", String[].class);

                assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
                        .as(tool.name() + " -> " + tool.mainClass())
                        .isTrue();
            }
        }
    }

    @Test
    void offersTheToolsAnOperatorOfNytNeeds() {
        assertThat(KafkaTools.TOOLS).extracting(Tool::name).contains(
                "kafka-topics", "kafka-console-consumer", "kafka-console-producer", "kafka-consumer-groups",
                "kafka-streams-application-reset", "kafka-transactions", "kafka-producer-perf-test",
                "kafka-get-offsets");
    }

    @Test
    void namesAreUniqueAndTheStockOnesAreKafkasScriptNames() {
        assertThat(allTools()).extracting(Tool::name).doesNotHaveDuplicates();
        assertThat(KafkaTools.TOOLS).extracting(Tool::name).allMatch(name -> name.matches("kafka-[a-z-]+"));
    }

    @Test
    void findsAToolByItsNameOnly() {
        assertThat(KafkaTools.find("kafka-topics")).map(Tool::mainClass).contains("org.apache.kafka.tools.TopicCommand");
        assertThat(KafkaTools.find("kafka-topics.sh")).isEmpty();
        assertThat(KafkaTools.find("local-broker")).map(Tool::mainClass).contains(LocalKafkaMain.class.getName());
    }

    @Test
    void usageListsEveryTool() {
        String usage = KafkaTools.usage();

        allTools().forEach(tool -> assertThat(usage).contains(tool.name()));
    }

    @Test
    void logConfigurationsAreOnTheClasspath() {
        assertThat(getClass().getClassLoader().getResource(KafkaTools.TOOLS_LOG_CONFIG)).isNotNull();
        assertThat(getClass().getClassLoader().getResource(KafkaTools.LOCAL_LOG_CONFIG)).isNotNull();
    }
}
