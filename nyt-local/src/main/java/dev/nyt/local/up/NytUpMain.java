package dev.nyt.local.up;

import dev.nyt.api.db.DbConfig;
import dev.nyt.runtime.ConfigException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./nyt up}: runs the whole system in this JVM until Ctrl-C or SIGTERM. {@code ./nyt demo} ({@code demo}
 * as the first argument): the same, then a scripted walk-through ({@link Demo}); exits 0 only when every step
 * showed what it should.
 */
public final class NytUpMain {

    private static final String LOG_CONFIG_PROPERTY = "logback.configurationFile";
    private static final Duration READY_PATIENCE = Duration.ofSeconds(120);

    private NytUpMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty(LOG_CONFIG_PROPERTY) == null) {
            System.setProperty(LOG_CONFIG_PROPERTY, "dev/nyt/local/up-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(NytUpMain.class);
        boolean demo = args.length > 0 && "demo".equals(args[0]);
        UpSettings settings;
        NytUp up;
        try {
            settings = UpSettings.fromEnv(System.getenv());
            settings.notes().forEach(note -> log.info("{}", note));
            // a fatal broker fault stops the JVM as it would stop a stand-alone broker; say why first
            Exit.setHaltProcedure((code, message) -> {
                System.err.println("The Kafka broker stopped the JVM (" + code + "): " + message);
                Runtime.getRuntime().halt(code);
            });
            up = NytUp.start(settings);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("nyt cannot start: " + e.getMessage());
            System.exit(2);
            return;
        } catch (PostgresCheck.Unavailable e) {
            System.err.println("nyt cannot start: " + e.getMessage());
            System.exit(3);
            return;
        } catch (RuntimeException e) {
            log.error("nyt could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("Stopping nyt ...");
            up.close();
            stopped.countDown();
        }, "nyt-up-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        if (!up.awaitReady(READY_PATIENCE)) {
            log.error("nyt is not ready after {} s: {}", READY_PATIENCE.toSeconds(), up.readiness());
            System.exit(1);
        }
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        System.out.print(summary(up, seconds));
        if (demo) {
            boolean ok;
            try {
                ok = new Demo(up, System.out).run();
            } catch (RuntimeException e) {
                log.error("The demo failed: {}", e.getMessage(), e);
                ok = false;
            }
            System.out.println(ok ? "\nThe demo showed every step. Stopping." : "\nThe demo FAILED (see above). Stopping.");
            System.exit(ok ? 0 : 1); // the shutdown hook stops everything
        }
        stopped.await();
    }

    static String summary(NytUp up, double seconds) {
        String api = up.baseUrl();
        boolean dev = "dev".equals(up.settings().get("NYT_AUTH_MODE").orElse(""));
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%nnyt is up (ready %.1f s after the JVM started)%n", seconds));
        text.append(String.format("  API         %s/api/v1/notifications%s%n", api,
                dev ? "   (dev mode: curl -H 'X-Nyt-User: alice' ...)" : "   (Authorization: Bearer <HS256 JWT>)"));
        text.append(String.format("  health      %s/health/ready%n", api));
        text.append(String.format("  metrics     %s/metrics%n", api));
        text.append(String.format("  Kafka       %s   (./nyt kafka kafka-topics --bootstrap-server %s --list)%n",
                up.bootstrapServers(), up.bootstrapServers()));
        text.append(String.format("  PostgreSQL  %s%n", up.settings().get("NYT_DB_URL").orElse(DbConfig.DEFAULT_URL)));
        text.append(up.mailCatcher()
                .map(catcher -> String.format("  mail        caught in this JVM (SMTP %s:%d)%s%n", catcher.host(), catcher.port(),
                        dev ? "; read it at " + api + "/dev/mail" : ""))
                .orElseGet(() -> String.format("  mail        SMTP %s:%s%n", up.settings().get("NYT_SMTP_HOST").orElse(""),
                        up.settings().get("NYT_SMTP_PORT").orElse("(default)"))));
        text.append(String.format("  state       %s   (broker log: %s)%n", up.settings().stateDir(), up.kafkaConfig().logFile()));
        text.append("Stop it with Ctrl-C.\n");
        return text.toString();
    }
}
