package dev.nyt.bench;

import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The raw lower layers, measured in the same run: {@code COPY} of notification rows into a table shaped like the
 * read model (same primary key and unread index), and a plain Kafka producer (300-byte records, acks=all).
 */
final class References {

    private References() {
    }

    /** COPY of {@code rows} rows (text format, through the driver's CopyManager), one transaction per run. */
    static Row copy(int rows, int runs) {
        Row row = new Row("ref-copy-" + rows, String.format("reference: raw COPY of %,d notification rows (PK + unread index)", rows),
                "rows/s", true);
        try (TestDatabase database = TestDatabase.create(); Connection db = database.connect()) {
            try (Statement statement = db.createStatement()) {
                statement.execute("""
                        CREATE TABLE bench_notification (
                            user_id varchar(255) NOT NULL, id bigint NOT NULL, subscription_id varchar(255),
                            settings_id varchar(255), notification_type_key varchar(128) NOT NULL, message text NOT NULL,
                            url varchar(2048), content_type varchar(255), object_id varchar(255), occurrences integer NOT NULL,
                            is_viewed boolean NOT NULL, is_emailed boolean NOT NULL, created timestamptz NOT NULL,
                            modified timestamptz NOT NULL, event_id varchar(255),
                            CONSTRAINT bench_notification_pkey PRIMARY KEY (user_id, id))""");
                statement.execute("CREATE INDEX bench_notification_unread_idx ON bench_notification (user_id, id DESC) WHERE NOT is_viewed");
            }
            db.setAutoCommit(false);
            for (int run = 0; run <= runs; run++) {
                try (Statement statement = db.createStatement()) {
                    statement.execute("TRUNCATE bench_notification");
                }
                db.commit();
                long t0 = System.nanoTime();
                CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_notification FROM STDIN");
                StringBuilder chunk = new StringBuilder(1 << 20);
                for (int i = 0; i < rows; i++) {
                    chunk.append("user-").append(i).append('\t').append(run * (long) rows + i + 1)
                            .append("\tsub-").append(i).append("\tsettings-").append(i)
                            .append("\tbroadcast\tbroadcast ").append(run)
                            .append("\t\\N\t\\N\t\\N\t1\tf\tf\t2026-11-23 10:00:00+00\t2026-11-23 10:00:00+00\tevent-")
                            .append(run).append('\n');
                    if (chunk.length() > (1 << 20) - 512 || i == rows - 1) {
                        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        chunk.setLength(0);
                    }
                }
                copy.endCopy();
                db.commit();
                double rate = rows / ((System.nanoTime() - t0) / 1e9);
                Bench.log("COPY %,d rows %s: %.0f rows/s", rows, run == 0 ? "warm-up" : "run " + run, rate);
                if (run > 0) {
                    row.add(rate);
                }
            }
        } catch (Exception | Error e) {
            Bench.fail(e, row);
        }
        return row;
    }

    /** A plain producer loop, 300-byte values, acks=all (idempotent, client defaults otherwise) into 6 partitions. */
    static Row kafkaProducer(int records, int runs) {
        Row row = new Row("ref-kafka", String.format("reference: raw Kafka producer, %,d × 300-byte records, acks=all", records),
                "records/s", true);
        try {
            byte[] value = new byte[300];
            Arrays.fill(value, (byte) 'x');
            String topic = TestKafka.uniqueName("bench-producer");
            TestKafka.createTopics(Stack.PARTITIONS, topic);
            ServedTopics.await(java.util.List.of(topic), java.time.Duration.ofSeconds(60));
            for (int run = 0; run <= runs; run++) {
                Map<String, Object> config = TestKafka.producerConfig();
                config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
                AtomicReference<Exception> failure = new AtomicReference<>();
                long t0 = System.nanoTime();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
                    for (int i = 0; i < records; i++) {
                        producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                    producer.flush();
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                double rate = records / ((System.nanoTime() - t0) / 1e9);
                Bench.log("raw producer %s: %.0f records/s", run == 0 ? "warm-up" : "run " + run, rate);
                if (run > 0) {
                    row.add(rate);
                }
            }
        } catch (Exception | Error e) {
            Bench.fail(e, row);
        }
        return row;
    }
}
