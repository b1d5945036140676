package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, read as Compose reads it (YAML 1.1 with merge keys), against the contract. */
class ComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");
    private static final List<String> NYT_SERVICES = List.of("nyt-fanout-processor", "nyt-digest-processor", "nyt-query-api");

    /** SPEC §4 "Configuration", the contract. */
    private static final Set<String> SPEC_VARIABLES = Set.of(
            "NYT_KAFKA_BOOTSTRAP", "NYT_TOPIC_PREFIX", "NYT_DB_URL", "NYT_DB_USER", "NYT_DB_PASSWORD",
            "NYT_DB_TABLE_PREFIX", "NYT_HTTP_PORT", "NYT_JWT_SECRET", "NYT_AUTH_MODE", "NYT_SEND_EMAILS",
            "NYT_EMAIL_SENDER", "NYT_EMAIL_SUBJECT", "NYT_EMAIL_TEMPLATE_DIR", "NYT_EMAIL_TEMPLATE_DEFAULT",
            "NYT_EMAIL_SUBJECT_TEMPLATE_DEFAULT", "NYT_EMAIL_TEMPLATE_NAMES", "NYT_EMAIL_SUBJECT_TEMPLATE_NAMES",
            "NYT_INTERVALS", "NYT_INTERVALS_DEFAULT", "NYT_DOMAIN", "NYT_HTTP_SCHEME", "NYT_SMTP_HOST",
            "NYT_SMTP_PORT", "NYT_SMTP_USERNAME", "NYT_SMTP_PASSWORD", "NYT_SMTP_TRANSPORT",
            "NYT_DIGEST_TICK_SECONDS", "NYT_STATE_DIR");

    /** Additions documented in the README and the services' docs. */
    private static final Set<String> DOCUMENTED_EXTRAS = Set.of(
            "NYT_TOPIC_PARTITIONS", "NYT_TOPIC_REPLICATION", "NYT_DEDUP_RETENTION_HOURS", "NYT_STREAM_THREADS",
            "NYT_FANOUT_COMMIT_INTERVAL_MS", "NYT_DIGEST_TICK_SECONDS", "NYT_EMAIL_SKIP_VIEWED");

    private static final Pattern CREATE_TOPIC = Pattern.compile("^\\s*create (\\S+)(.*)$", Pattern.MULTILINE);

    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE_FILE));
        services = map(compose.get("services"));
    }

    @Test
    void everyServiceHasAnImageAndEveryLongRunningOneAHealthcheck() {
        services.forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            assertThat(service.get("image")).as(name + " image").asString().isNotBlank();
            if (!isOneShot(service)) {
                assertThat(list(map(service.get("healthcheck")).get("test"))).as(name + " healthcheck").isNotEmpty();
            }
        });
    }

    @Test
    void nytServicesRunTheImagesTheBuildMakesAndAnswerReadyOnTheirHttpPort() {
        String version = System.getProperty("nyt.version", "0.1.0-SNAPSHOT");
        for (String name : NYT_SERVICES) {
            Map<String, Object> service = service(name);
            assertThat(service.get("image")).as(name).isEqualTo("nyt/" + name + ":${NYT_VERSION:-" + version + "}");
            assertThat(map(service.get("healthcheck")).get("test").toString()).as(name).contains("/health/ready");
            assertThat(environment(service)).as(name)
                    .containsEntry("NYT_KAFKA_BOOTSTRAP", "kafka:9092")
                    .containsEntry("NYT_HTTP_PORT", "8080");
        }
    }

    @Test
    void nytServicesAreConfiguredOnlyWithVariablesOfTheContractOrDocumentedOnes() {
        for (String name : NYT_SERVICES) {
            Set<String> unknown = environment(service(name)).keySet().stream()
                    .filter(variable -> !SPEC_VARIABLES.contains(variable) && !DOCUMENTED_EXTRAS.contains(variable))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(unknown).as(name + ": variables neither in SPEC §4 nor documented").isEmpty();
        }
    }

    @Test
    void theDigestMailsToMailpitAndTheApiReadsPostgres() {
        assertThat(environment(service("nyt-digest-processor")))
                .containsEntry("NYT_SMTP_HOST", "mailpit")
                .containsEntry("NYT_SMTP_PORT", "1025");
        assertThat(environment(service("nyt-query-api")).get("NYT_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(services).containsKeys("kafka", "postgres", "mailpit");
    }

    @Test
    void everyDependencyWaitsForAHealthyOrCompletedService() {
        services.forEach((name, definition) -> {
            Map<String, Object> dependsOn = map(map(definition).getOrDefault("depends_on", Map.of()));
            dependsOn.forEach((target, spec) -> {
                assertThat(services).as(name + " depends on " + target).containsKey(target);
                Map<String, Object> other = service(target);
                String condition = String.valueOf(map(spec).get("condition"));
                switch (condition) {
                    case "service_healthy" -> assertThat(other).as(target + ", which " + name + " waits to be healthy")
                            .containsKey("healthcheck");
                    case "service_completed_successfully" -> assertThat(isOneShot(other))
                            .as(target + ", which " + name + " waits to complete, runs once").isTrue();
                    default -> throw new AssertionError(name + " depends on " + target + " with condition " + condition
                            + "; use service_healthy or service_completed_successfully");
                }
            });
        });
        for (String name : NYT_SERVICES) {
            assertThat(map(service(name).get("depends_on"))).as(name).containsKeys("kafka", "topic-init");
        }
    }

    @Test
    void topicInitCreatesExactlyTheContractTopicsWithTheirCleanupPolicy() {
        // Compose passes "$$" on as "$": the script sees its own shell variables
        String script = String.join("\n", list(service("topic-init").get("command"))).replace("$$", "$");
        Map<String, Boolean> created = new TreeMap<>();
        Matcher matcher = CREATE_TOPIC.matcher(script);
        while (matcher.find()) {
            created.put(matcher.group(1), matcher.group(2).contains("cleanup.policy=compact"));
        }

        Map<String, Boolean> contract = Topics.withPrefix("").all().stream()
                .collect(Collectors.toMap(Topic::name, Topic::compacted, (a, b) -> a, TreeMap::new));
        contract.put(CommandOutcome.TOPIC, false); // internal, but the services need it as well
        assertThat(created).isEqualTo(contract);
        assertThat(script).contains("--if-not-exists", "${NYT_TOPIC_PREFIX}$1", "${NYT_TOPIC_PARTITIONS}");
    }

    @Test
    void kafkaIsOneNodeThatRunsTransactionsAndNeverCreatesTopicsOnFirstUse() {
        Map<String, String> kafka = environment(service("kafka"));

        assertThat(kafka)
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("kafka:9092");
        assertThat(list(map(service("kafka").get("healthcheck")).get("test"))).contains(
                "/opt/kafka/bin/kafka-broker-api-versions.sh");
    }

    @Test
    void kafkaHoldsATransactionsFirstProduceUntilThePreviousTransactionIsComplete() {
        assertThat(environment(service("kafka")))
                .containsEntry("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MAX_MS", "10000");
    }

    private static boolean isOneShot(Map<String, Object> service) {
        return "no".equals(String.valueOf(service.get("restart")));
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    /** The environment as Compose passes it: every value a string (YAML numbers included). */
    private static Map<String, String> environment(Map<String, Object> service) {
        return map(service.getOrDefault("environment", Map.of())).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object yaml) {
        assertThat(yaml).isInstanceOf(List.class);
        return (List<String>) yaml;
    }
}
