package dev.nyt.digest.schedule;

import dev.nyt.digest.input.DigestInput;
import dev.nyt.digest.metrics.PendingStats;
import dev.nyt.digest.state.DigestState;
import dev.nyt.events.EmailEvent;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The per-user stage of the digest: keeps pending notifications, subscriptions, settings and users
 * (via {@link InputApplier}), and on a wall-clock punctuator every {@code NYT_DIGEST_TICK_SECONDS}
 * hands the outbox digests that are due to the send pool ({@link DigestDispatcher}), prepares the
 * digests that became due ({@link DigestPreparer}) while those are sent, records the outcomes and
 * asks for a commit. Because a digest is committed to
 * the outbox before its first attempt, a crash between the SMTP send and the next commit resends
 * exactly the same mail, Message-ID included.
 * <p>
 * While work is left (a full batch, a digest just prepared), a follow-up punctuation every
 * {@link #FOLLOW_UP} continues after the commit instead of waiting for the next tick.
 */
public final class DigestScheduler implements Processor<String, DigestInput, String, EmailEvent> {

    /** How soon the follow-up punctuation runs while there is more to do: the next loop of the stream thread. */
    public static final Duration FOLLOW_UP = Duration.ofMillis(1);

    /**
     * The longest one punctuation starts mails for. The punctuation holds the task's open
     * transaction (60 s timeout) and its poll loop, so a long tick must not become a long send.
     */
    public static final Duration MAX_SEND_BUDGET = Duration.ofSeconds(10);

    private final DigestRuntime runtime;
    private ProcessorContext<String, EmailEvent> context;
    private String taskId;
    private DigestState state;
    private InputApplier inputs;
    private DigestPreparer preparer;
    private DigestDispatcher dispatcher;
    private Cancellable followUp;

    public DigestScheduler(DigestRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public void init(ProcessorContext<String, EmailEvent> context) {
        this.context = context;
        this.taskId = context.taskId().toString();
        PendingStats stats = runtime.metrics().openTask(taskId);
        this.state = new DigestState(context, stats);
        state.load();
        DuePlanner planner = new DuePlanner(state);
        this.inputs = new InputApplier(state, planner, runtime.config().skipViewed());
        this.preparer = new DigestPreparer(state, planner, runtime, this::emit);
        this.dispatcher = new DigestDispatcher(state, planner, preparer, runtime, this::emit);
        if (runtime.config().sendEmails()) {
            context.schedule(runtime.config().tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        }
    }

    @Override
    public void process(Record<String, DigestInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        inputs.apply(record.key(), record.value(), context.currentSystemTimeMs());
    }

    private void tick(long now) {
        int batch = runtime.config().batchSize();
        // mail already committed to the outbox goes out while this thread prepares what became due;
        // a digest prepared here is sent by a later punctuation, after its commit
        DigestDispatcher.InFlight sending = dispatcher.start(now, batch, sendBudget(runtime.config().tick()));
        int prepared;
        int tried;
        try {
            prepared = preparer.prepare(now, batch);
        } finally {
            tried = dispatcher.finish(sending, now);
        }
        if (prepared > 0 || tried > 0) {
            context.commit();
        }
        boolean more = state.anyDue(now) || (!dispatcher.paused(now) && state.anySendable(now));
        if (more && followUp == null) {
            followUp = context.schedule(FOLLOW_UP, PunctuationType.WALL_CLOCK_TIME, this::tick);
        } else if (!more && followUp != null) {
            followUp.cancel();
            followUp = null;
        }
    }

    static Duration sendBudget(Duration tick) {
        return tick.compareTo(MAX_SEND_BUDGET) < 0 ? tick : MAX_SEND_BUDGET;
    }

    private void emit(EmailEvent event) {
        context.forward(new Record<>(event.userId(), event, context.currentSystemTimeMs()));
    }

    @Override
    public void close() {
        if (taskId != null) {
            runtime.metrics().closeTask(taskId);
        }
    }
}
