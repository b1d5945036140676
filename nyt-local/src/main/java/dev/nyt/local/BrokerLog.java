package dev.nyt.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the broker's log lines (INFO and up) to a file of their own, rolled at 10 MB, so the
 * console stays nyt's; errors are also shown on standard error. The loggers are the broker's only
 * ({@code kafka.*} and the server-side {@code org.apache.kafka} packages), never the clients' that
 * nyt's services use in the same JVM. {@link #close()} puts the loggers back as they were.
 * Does nothing when SLF4J is bound to something other than Logback.
 */
final class BrokerLog implements AutoCloseable {

    /** The server side of Kafka; {@code org.apache.kafka.clients}, {@code .common} and {@code .streams} are not here. */
    static final List<String> BROKER_LOGGERS = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
            "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
            "org.apache.kafka.network", "org.apache.kafka.security", "org.apache.kafka.logger");

    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";

    private record Saved(Logger logger, Level level, boolean additive) {
    }

    private final List<Saved> saved;
    private final List<ch.qos.logback.core.Appender<ILoggingEvent>> appenders;

    private BrokerLog(List<Saved> saved, List<ch.qos.logback.core.Appender<ILoggingEvent>> appenders) {
        this.saved = saved;
        this.appenders = appenders;
    }

    static BrokerLog to(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new BrokerLog(List.of(), List.of());
        }
        var fileAppender = fileAppender(context, file);
        var errors = errorConsole(context);
        List<Saved> saved = new ArrayList<>();
        for (String name : BROKER_LOGGERS) {
            Logger logger = context.getLogger(name);
            saved.add(new Saved(logger, logger.getLevel(), logger.isAdditive()));
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(fileAppender);
            logger.addAppender(errors);
        }
        return new BrokerLog(List.copyOf(saved), List.of(fileAppender, errors));
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path file) {
        var appender = new RollingFileAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("nyt-local-broker-file");
        appender.setFile(file.toString());
        var rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.toString().replaceFirst("\\.log$", "") + ".%i.log");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        var trigger = new SizeBasedTriggeringPolicy<ILoggingEvent>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(context, PATTERN));
        appender.start();
        return appender;
    }

    private static ConsoleAppender<ILoggingEvent> errorConsole(LoggerContext context) {
        var appender = new ConsoleAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("nyt-local-broker-errors");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level [kafka broker] %logger{36} - %msg%n"));
        var filter = new ThresholdFilter();
        filter.setLevel(Level.ERROR.levelStr);
        filter.start();
        appender.addFilter(filter);
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    @Override
    public void close() {
        for (Saved entry : saved) {
            appenders.forEach(appender -> entry.logger().detachAppender(appender));
            entry.logger().setLevel(entry.level());
            entry.logger().setAdditive(entry.additive());
        }
        appenders.forEach(ch.qos.logback.core.Appender::stop);
    }
}
