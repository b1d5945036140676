package dev.nyt.events.contract;

import dev.nyt.events.Target;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Java type an event name stands for and on which topic it travels. The event name is the
 * record's simple name in kebab case: {@code NotifyRequested} is {@code notify-requested}, whose schema
 * is {@code schemas/notify-requested.schema.json}.
 */
final class EventTypes {

    static final String PACKAGE = Target.class.getPackageName();

    /** Records of the package that are parts of events, not events: their schema lives in common.schema.json. */
    static final Set<Class<?>> PARTS = Set.of(Target.class);

    private static final Topics TOPICS = Topics.withPrefix("");

    private EventTypes() {
    }

    static String eventName(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static Class<?> recordClass(String eventName) {
        StringBuilder simpleName = new StringBuilder();
        for (String word : eventName.split("-")) {
            simpleName.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        try {
            return Class.forName(PACKAGE + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("No record " + PACKAGE + "." + simpleName + " for schema " + eventName, e);
        }
    }

    /** The JSON of an event as its record's serde writes it. */
    @SuppressWarnings("unchecked")
    static String toJson(Object event) {
        JsonSerde<Object> serde = (JsonSerde<Object>) JsonSerde.of(event.getClass());
        return new String(serde.serialize("contract-test", event), StandardCharsets.UTF_8);
    }

    /** The JSON topics of the contract (all but the dead-letter topic, which carries raw bytes). */
    static List<Topic<String, ?>> jsonTopics() {
        return TOPICS.all().stream()
                .filter(topic -> topic.valueSerde() instanceof JsonSerde<?>)
                .map(EventTypes::stringKeyed)
                .toList();
    }

    /** The value type a topic's serde reads: a record, or a sealed interface over several records. */
    static Class<?> valueType(Topic<?, ?> topic) {
        return ((JsonSerde<?>) topic.valueSerde()).type();
    }

    /** The topic that carries {@code recordClass}, directly or as a subtype of the topic's sealed interface. */
    static Topic<String, ?> topicOf(Class<?> recordClass) {
        List<Topic<String, ?>> carriers = jsonTopics().stream()
                .filter(topic -> valueType(topic).isAssignableFrom(recordClass))
                .toList();
        if (carriers.size() != 1) {
            throw new IllegalStateException(recordClass.getSimpleName() + " travels on " + carriers.size()
                    + " topics, expected exactly one: " + carriers);
        }
        return carriers.getFirst();
    }

    /** Every record type a topic can carry: its value type, or the records its sealed interface permits, at any depth. */
    static Stream<Class<?>> recordsOf(Topic<?, ?> topic) {
        return records(valueType(topic));
    }

    private static Stream<Class<?>> records(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(EventTypes::records) : Stream.of(type);
    }

    /** Every top-level record class compiled into the events package (not its sub-packages). */
    static List<Class<?>> recordsInPackage() {
        Path folder = classesFolder();
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> load(PACKAGE + "." + name.substring(0, name.length() - ".class".length())))
                    .filter(Class::isRecord)
                    .<Class<?>>map(type -> type)
                    .sorted((a, b) -> a.getSimpleName().compareTo(b.getSimpleName()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classesFolder() {
        URL url = Target.class.getResource(Target.class.getSimpleName() + ".class");
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("The events package must be a folder of class files to be listed, was " + url);
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Topic<String, ?> stringKeyed(Topic<?, ?> topic) {
        return (Topic<String, ?>) topic;
    }
}
