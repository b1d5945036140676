package dev.nyt.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node broker inside the test JVM whose clients must log in: a {@code SASL_SSL} listener with
 * SCRAM-SHA-512 over TLS (a key store and trust store made for the test with the JDK's {@code keytool}), SCRAM
 * credentials for the given users written at format time ({@code kafka-storage format --add-scram}), and the
 * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}: a user may do only what an ACL
 * allows. {@value #ADMIN} is a super user, for the test itself. The KRaft controller listens in PLAINTEXT on
 * the loopback interface (its principal, {@code User:ANONYMOUS}, is a super user so the broker can register).
 */
final class SecuredKafka implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final String LISTENER = "SASL_SSL";
    private static final String CONTROLLER = "CONTROLLER";
    private static final Logger log = LoggerFactory.getLogger(SecuredKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path truststore;
    private final String storePassword;
    private final Map<String, String> passwords;

    private SecuredKafka(KafkaRaftServer server, String bootstrap, Path truststore, String storePassword,
                         Map<String, String> passwords) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.passwords = passwords;
    }

    /** Starts the broker with a SCRAM login for {@link #ADMIN} and each of {@code users} (password {@code <user>-pw}). */
    static SecuredKafka start(Path home, List<String> users) throws Exception {
        long started = System.nanoTime();
        // a fatal broker fault in a test JVM is logged, not a halt of the JVM (see TestKafka's EmbeddedBroker)
        Exit.setHaltProcedure((status, message) -> log.error("The secured test broker wanted to halt ({}): {}", status, message));
        Exit.setExitProcedure((status, message) -> log.error("The secured test broker wanted to exit ({}): {}", status, message));
        String storePassword = Uuid.randomUuid().toString();
        Path keystore = home.resolve("broker.p12");
        Path truststore = home.resolve("truststore.p12");
        makeStores(home, keystore, truststore, storePassword);

        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, ADMIN + "-pw");
        users.forEach(user -> passwords.put(user, user + "-pw"));

        int port = freePort();
        int controllerPort = freePort();
        Path data = home.resolve("data");
        Files.createDirectories(data);
        LocalKafkaConfig config = new LocalKafkaConfig("localhost", port, home);
        Map<String, String> props = LocalKafka.brokerProperties(config, controllerPort);
        props.put("log.dirs", data.toString());
        props.put("metadata.log.dir", data.toString());
        props.put("listeners", LISTENER + "://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", LISTENER + "://localhost:" + port);
        props.put("listener.security.protocol.map", LISTENER + ":SASL_SSL," + CONTROLLER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, passwords.get(ADMIN)));
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.key.password", storePassword);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");

        List<String> scram = new ArrayList<>();
        passwords.forEach((user, password) -> scram.add(MECHANISM + "=[name=" + user + ",password=" + password + "]"));
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(LocalKafka.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER)
                .setMetadataLogDirectory(data.toString())
                .setDirectories(List.of(data.toString()))
                .setScramArguments(scram)
                .run();
        Properties properties = new Properties();
        properties.putAll(props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        SecuredKafka kafka = new SecuredKafka(server, "localhost:" + port, truststore, storePassword, passwords);
        try (Admin admin = Admin.create(kafka.clientConfig(ADMIN))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS); // logged in, TLS trusted, broker registered
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        log.info("Secured test broker (SASL_SSL, SCRAM-SHA-512, ACLs on) ready on {} in {} ms", kafka.bootstrap,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kafka;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    String password(String user) {
        return passwords.get(user);
    }

    /** The variables a nyt service needs to log in as {@code user} with {@code password}. */
    Map<String, String> env(String user, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("NYT_KAFKA_BOOTSTRAP", bootstrap);
        env.put("NYT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("NYT_KAFKA_SASL_MECHANISM", MECHANISM);
        env.put("NYT_KAFKA_SASL_JAAS_CONFIG", jaas(user, password));
        env.put("NYT_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("NYT_KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        env.put("NYT_KAFKA_SSL_TRUSTSTORE_PASSWORD", storePassword);
        return env;
    }

    /** Client settings for {@code user} (its own password). */
    Map<String, Object> clientConfig(String user) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", jaas(user, passwords.get(user)));
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", truststore.toString());
        config.put("ssl.truststore.password", storePassword);
        return config;
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** A self-signed certificate for localhost (its own CA), in a PKCS12 key store, and a trust store holding it. */
    private static void makeStores(Path home, Path keystore, Path truststore, String password) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path certificate = home.resolve("broker.pem");
        keytool(home, keytool.toString(), "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        keytool(home, keytool.toString(), "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", password, "-file", certificate.toString());
        keytool(home, keytool.toString(), "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", password);
    }

    private static void keytool(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + command[1] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
