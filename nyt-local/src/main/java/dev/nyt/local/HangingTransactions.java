package dev.nyt.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the transactions a SIGKILLed local broker leaves hanging on its partitions.
 *
 * <p>Seen in NytUpIT's kill -9 test: the broker died with a transaction in {@code PREPARE_COMMIT}.
 * On restart its transaction coordinator loads the transaction log and sends the commit markers
 * before the same broker leads the data partitions again; finding no leader, it logs "Couldn't find
 * leader endpoint for partitions ... these partitions are likely deleted already and hence can be
 * skipped", skips them and completes the transaction. The partitions never get a marker: their last
 * stable offset stays before the transaction for good, and a {@code read_committed} consumer (a
 * Kafka Streams restore, the projector) never reaches the end — the service never becomes ready.
 *
 * <p>With one broker every partition has the same leader, so the coordinator skipped every marker
 * of such a transaction, {@code __consumer_offsets} included: aborting it on every partition is
 * consistent (no partition has its commit, the consumers' offsets go back with the data, and the
 * work is done again exactly once). A transaction the coordinator still holds open or is finishing
 * is left to the coordinator. This is the same repair as {@code kafka-transactions.sh find-hanging}
 * and {@code abort}, done at each start of the local broker.
 */
final class HangingTransactions {

    private static final Logger log = LoggerFactory.getLogger(HangingTransactions.class);
    private static final Set<TransactionState> OPEN = EnumSet.of(
            TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);
    private static final Set<TransactionState> FINISHING = EnumSet.of(
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    private HangingTransactions() {
    }

    /** Finds and aborts hanging transactions, waiting up to {@code patience} for ones being finished; answers how many. */
    static int abort(String bootstrapServers, Duration patience) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + patience.toNanos();
            int aborted = 0;
            while (true) {
                Round round = round(admin);
                for (Hanging hanging : round.hanging()) {
                    log.warn("Aborting a transaction left hanging by a killed broker on {} (producer {}, epoch {}, "
                                    + "coordinator says {}): its markers were skipped at restart",
                            hanging.partition(), hanging.producer().producerId(), hanging.producer().producerEpoch(),
                            hanging.coordinatorState());
                    get(admin.abortTransaction(new AbortTransactionSpec(hanging.partition(),
                            hanging.producer().producerId(), (short) hanging.producer().producerEpoch(),
                            hanging.producer().coordinatorEpoch().orElse(-1))).all());
                    aborted++;
                }
                if (!round.finishing() || System.nanoTime() > deadline) {
                    return aborted;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while looking for hanging transactions", e);
        }
    }

    private record Hanging(TopicPartition partition, ProducerState producer, String coordinatorState) {
    }

    private record Round(List<Hanging> hanging, boolean finishing) {
    }

    private static Round round(Admin admin) {
        Set<String> topics = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, ProducerState> open = new HashMap<>();
        get(admin.describeProducers(partitions).all()).forEach((partition, state) -> state.activeProducers().stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent())
                .forEach(p -> open.put(partition, p)));
        if (open.isEmpty()) {
            return new Round(List.of(), false);
        }
        Collection<TransactionListing> listings = get(admin.listTransactions().all());
        Map<Long, String> idByProducer = new HashMap<>();
        listings.forEach(l -> idByProducer.put(l.producerId(), l.transactionalId()));
        Map<String, TransactionDescription> transactions = idByProducer.isEmpty() ? Map.of()
                : get(admin.describeTransactions(idByProducer.values()).all());
        List<Hanging> hanging = new ArrayList<>();
        boolean finishing = false;
        for (Map.Entry<TopicPartition, ProducerState> entry : open.entrySet()) {
            String id = idByProducer.get(entry.getValue().producerId());
            TransactionDescription transaction = id == null ? null : transactions.get(id);
            if (transaction != null && FINISHING.contains(transaction.state())) {
                finishing = true;
            } else if (transaction == null || !OPEN.contains(transaction.state())
                    || !transaction.topicPartitions().contains(entry.getKey())) {
                hanging.add(new Hanging(entry.getKey(), entry.getValue(),
                        transaction == null ? "no such transaction" : transaction.state().toString()));
            }
        }
        return new Round(hanging, finishing);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to the local broker", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The local broker did not answer an admin request: " + e.getMessage(), e);
        }
    }
}
