package dev.nyt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One nyt service as its own child JVM, the way a machine runs it: its {@code main} class on this JVM's class
 * path, its own {@code NYT_STATE_DIR} and {@code NYT_HTTP_PORT} (a free port, kept across restarts), its output
 * in a log file of its own per start. {@link #awaitReady} polls {@code /health/ready}; {@link #kill} is SIGKILL,
 * {@link #stop} SIGTERM (the service's shutdown hook runs); {@link #start} again reuses the state directory, as a
 * restarted instance would. {@link #close} kills what is still running. One test thread drives it.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String mainClass;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final Path stateDir;
    private final Path logDir;
    private final int httpPort;
    private Process process;
    private int starts;

    private ServiceProcess(String name, String mainClass, Map<String, String> env, List<String> jvmOptions, Path workDir) {
        this.name = Objects.requireNonNull(name, "name");
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.stateDir = workDir.resolve(name).resolve("state");
        this.logDir = workDir.resolve(name);
        this.httpPort = freePort();
    }

    /**
     * A service not yet started.
     *
     * @param name    the instance's name ({@code fanout-a}): its directory under {@code workDir} and its log files
     * @param env     its environment besides {@code NYT_STATE_DIR} and {@code NYT_HTTP_PORT}, which this sets
     * @param workDir where instances keep their state and logs ({@code <workDir>/<name>/state}, {@code .../<n>.log})
     */
    public static ServiceProcess of(String name, Class<?> mainClass, Map<String, String> env, Path workDir) {
        return new ServiceProcess(name, mainClass.getName(), env, List.of("-Xmx512m"), workDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM (again, after {@link #kill} or {@link #stop}, on the same state directory and port). */
    public ServiceProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("NYT_STATE_DIR", stateDir.toString());
        environment.put("NYT_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(stateDir);
            starts++;
            builder.redirectErrorStream(true).redirectOutput(log(starts).toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /health/ready} answers 200; fails early, naming the log, if the JVM exits meanwhile. */
    public ServiceProcess awaitReady(Duration atMost) {
        Awaitility.await(name + " ready on port " + httpPort + " (log " + log(starts) + ")")
                .atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    if (!alive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log(starts));
                    }
                    return ready();
                });
        return this;
    }

    /** Whether {@code /health/ready} answers 200 now. */
    public boolean ready() {
        return status("/health/ready") == 200;
    }

    /** The HTTP status of a GET of {@code path} on the service's port, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of a GET of {@code path} ({@code /metrics}), or empty when nothing answers 200. */
    public Optional<String> get(String path) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** SIGKILL, and waits until the JVM is gone: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /**
     * SIGTERM, and waits for the JVM to exit (the services close Kafka Streams within 30 s in their hook).
     *
     * @return the exit code (143 after a SIGTERM that the JVM handled)
     * @throws IllegalStateException if it has not exited within {@code atMost}; it is then killed
     */
    public int stop(Duration atMost) {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        process.destroy();
        if (!waitFor(atMost)) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
            throw new IllegalStateException(name + " did not stop within " + atMost + " of SIGTERM; killed. See " + log(starts));
        }
        return process.exitValue();
    }

    private boolean waitFor(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The log of the {@code n}-th start (1-based). */
    public Path log(int n) {
        return logDir.resolve(n + ".log");
    }

    /** How often it has been started. */
    public int starts() {
        return starts;
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return name + (alive() ? " (pid " + process.pid() + ", port " + httpPort + ")" : " (not running)");
    }
}
