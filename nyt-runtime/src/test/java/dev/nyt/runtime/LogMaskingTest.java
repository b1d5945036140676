package dev.nyt.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The services' logback.xml keeps a token given in a URL out of every log line, messages and stack traces alike. */
class LogMaskingTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    @Test
    void aTokenInAUrlNeverReachesTheLog() throws Exception {
        URL config = LogMaskingTest.class.getClassLoader().getResource("logback.xml");
        assertThat(config).as("the services' logback.xml").isNotNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            Logger log = context.getLogger("dev.nyt.test");
            log.info("GET /api/v1/stream?access_token={}&lastEventId=3 answered 401", TOKEN);
            log.warn("upgrade failed", new IllegalStateException("ws://localhost:8080/nyt?access_token=" + TOKEN));
            log.info("GET /nyt?lastEventId=3&access_token=" + TOKEN + "#x");
        } finally {
            context.stop();
            System.setOut(original);
        }

        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("logback.xml configures without errors").noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(written).doesNotContain(TOKEN).doesNotContain("c2lnbmF0dXJl");
        assertThat(written).contains("/api/v1/stream?access_token=***&lastEventId=3 answered 401",
                "IllegalStateException: ws://localhost:8080/nyt?access_token=***", "lastEventId=3&access_token=***#x",
                "at dev.nyt.runtime.LogMaskingTest");
        assertThat(written.split("upgrade failed", -1)).as("the stack trace once").hasSize(2);
    }
}
