package dev.nyt.fanout.inbox;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.json.JsonSerde;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.fanout.BinaryFormat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;

/**
 * One event's walk over the subscribers of its key in one inbox task, resumable: the prefixes to walk (the
 * key's, or one per recipient owned by the task), which one it is in, the last index key it visited, and the
 * settings it delivered to last (one delivery per settings object). A walk longer than one step is kept in
 * {@link #STORE} under its sequence number, so its cursor commits in the same transaction as the
 * notifications of the step, and a crash resumes there.
 */
public final class FanoutRun {

    public static final String STORE = "inbox-fanout-runs-store";

    private static final JsonSerde<NotifyRequested> EVENTS = JsonSerde.of(NotifyRequested.class);

    final long seq;
    final long timestamp;
    final int partition;
    final NotifyRequested event;
    final List<String> prefixes;
    final Set<String> excluded;
    int prefixIndex;
    String after;
    String lastUser;
    String lastSettings;
    long visited;

    private FanoutRun(long seq, long timestamp, int partition, NotifyRequested event, int userPartitions) {
        this.seq = seq;
        this.timestamp = timestamp;
        this.partition = partition;
        this.event = event;
        this.excluded = new HashSet<>(event.excludeUsers());
        if (event.recipientUsers().isEmpty()) {
            this.prefixes = List.of(StoreKeys.prefix(event.key()));
        } else {
            List<String> own = new ArrayList<>();
            for (String user : new TreeSet<>(event.recipientUsers())) {
                if (!excluded.contains(user) && SubscriberIndex.owner(user, userPartitions) == partition) {
                    own.add(StoreKeys.prefix(event.key(), user));
                }
            }
            this.prefixes = own;
        }
    }

    static FanoutRun start(long seq, long timestamp, int partition, NotifyRequested event, int userPartitions) {
        return new FanoutRun(seq, timestamp, partition, event, userPartitions);
    }

    String key() {
        return event.key();
    }

    boolean done() {
        return prefixIndex >= prefixes.size();
    }

    /** The store's value serde (the sequence number is the store key); needs the partition count to re-derive the prefixes. */
    public static Serde<FanoutRun> serde(int userPartitions) {
        return BinaryFormat.serde("fan-out run", 1, FanoutRun::write, in -> read(in, userPartitions));
    }

    private static void write(DataOutputStream out, FanoutRun run) throws IOException {
        out.writeLong(run.seq);
        out.writeLong(run.timestamp);
        out.writeInt(run.partition);
        out.writeInt(run.prefixIndex);
        out.writeLong(run.visited);
        BinaryFormat.writeNullable(out, run.after);
        BinaryFormat.writeNullable(out, run.lastUser);
        BinaryFormat.writeNullable(out, run.lastSettings);
        byte[] json = EVENTS.serialize(null, run.event);
        out.writeInt(json.length);
        out.write(json);
    }

    private static FanoutRun read(DataInputStream in, int userPartitions) throws IOException {
        long seq = in.readLong();
        long timestamp = in.readLong();
        int partition = in.readInt();
        int prefixIndex = in.readInt();
        long visited = in.readLong();
        String after = BinaryFormat.readNullable(in);
        String lastUser = BinaryFormat.readNullable(in);
        String lastSettings = BinaryFormat.readNullable(in);
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        FanoutRun run = new FanoutRun(seq, timestamp, partition, EVENTS.deserialize(null, json), userPartitions);
        run.prefixIndex = prefixIndex;
        run.visited = visited;
        run.after = after;
        run.lastUser = lastUser;
        run.lastSettings = lastSettings;
        return run;
    }
}
