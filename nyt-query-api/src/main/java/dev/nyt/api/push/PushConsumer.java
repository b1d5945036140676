package dev.nyt.api.push;

import dev.nyt.events.NotificationEvent;
import dev.nyt.events.topic.Topic;
import dev.nyt.runtime.HealthCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer of {@code nyt-notifications} per API instance that feeds every realtime client. It
 * assigns itself all partitions and starts at their end (no consumer group: every instance needs every
 * event, nothing is to be committed, and there is no rebalance to wait for); what a client missed while
 * away comes from the read model (Last-Event-ID), not from Kafka. The record key is the user id, so a record
 * is decoded only when that user has a client connected to this instance.
 */
public final class PushConsumer implements Runnable, HealthCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushConsumer.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<String, NotificationEvent> topic;
    private final PushHub hub;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean positioned;

    PushConsumer(Consumer<byte[], byte[]> consumer, Topic<String, NotificationEvent> topic, PushHub hub) {
        this.consumer = consumer;
        this.topic = topic;
        this.hub = hub;
        this.thread = Thread.ofPlatform().name("nyt-push-consumer").daemon(true).unstarted(this);
    }

    public static PushConsumer create(String bootstrap, Topic<String, NotificationEvent> topic, PushHub hub) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "nyt-query-api-push");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return new PushConsumer(new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                topic, hub);
    }

    /** Assigns every partition at its end (before returning, so events published after start are pushed), then runs. */
    public PushConsumer start(Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, timeout));
        positioned = true;
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    publish(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Push consumer woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("Push consumer stopped on an unexpected exception", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Decodes and hands on the event only when its user (the record key) has a realtime client here. */
    private void publish(ConsumerRecord<byte[], byte[]> record) {
        if (hub.connections() == 0
                || record.key() != null && !hub.connected(new String(record.key(), StandardCharsets.UTF_8))) {
            return;
        }
        NotificationEvent event;
        try {
            event = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return; // the projector sends it to the dead letters; realtime clients just do not see it
        }
        if (event != null) {
            hub.publish(event);
        }
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public boolean live() {
        return running;
    }

    @Override
    public boolean ready() {
        return running && positioned;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
