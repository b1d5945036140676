package dev.nyt.fanout.inbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Target;
import dev.nyt.fanout.BinaryFormat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The latest notification of one subscription, as the inbox remembers it to coalesce repeats
 * (django-nyt's {@code Subscription.latest}). Kept in {@link #STORE} under {@code user NUL subscription}, in
 * a binary format ({@link #serde()}): one is written per notification, and JSON cost more than it gave.
 */
public record InboxEntry(
        long id,
        String userId,
        String subscriptionId,
        String settingsId,
        String key,
        String message,
        String url,
        Target target,
        int occurrences,
        @JsonProperty("isViewed") boolean isViewed,
        @JsonProperty("isEmailed") boolean isEmailed,
        Instant created,
        Instant modified,
        String eventId) {

    public static final String STORE = "inbox-latest-store";

    public static InboxEntry created(long id, String userId, String subscriptionId, String settingsId,
                                     NotifyRequested event, Instant now) {
        return new InboxEntry(id, userId, subscriptionId, settingsId, event.key(), event.message(), event.url(),
                event.target(), 1, false, false, now, now, event.eventId());
    }

    /** django-nyt's rule: the latest is still unviewed and says the same thing at the same url. */
    public boolean coalesces(NotifyRequested event) {
        return !isViewed && message.equals(event.message()) && Objects.equals(url, event.url());
    }

    /** One more occurrence: it must be e-mailed again. */
    public InboxEntry repeated(NotifyRequested event, Instant now) {
        return new InboxEntry(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences + 1,
                false, false, created, now, event.eventId());
    }

    public InboxEntry viewed(Instant now) {
        return new InboxEntry(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences,
                true, isEmailed, created, now, eventId);
    }

    public NotificationCreated toCreated() {
        return new NotificationCreated(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences,
                isViewed, isEmailed, created, modified, eventId);
    }

    public NotificationUpdated toUpdated() {
        return new NotificationUpdated(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences,
                isViewed, isEmailed, created, modified, eventId);
    }

    /** The store's serde: the fields in order, with no names. */
    public static Serde<InboxEntry> serde() {
        return BinaryFormat.serde("inbox entry", 1, InboxEntry::write, InboxEntry::read);
    }

    private static void write(DataOutputStream out, InboxEntry e) throws IOException {
        out.writeLong(e.id);
        out.writeUTF(e.userId);
        out.writeUTF(e.subscriptionId);
        out.writeUTF(e.settingsId);
        out.writeUTF(e.key);
        out.writeUTF(e.message);
        BinaryFormat.writeNullable(out, e.url);
        BinaryFormat.writeNullable(out, e.target == null ? null : e.target.contentType());
        BinaryFormat.writeNullable(out, e.target == null ? null : e.target.objectId());
        out.writeInt(e.occurrences);
        out.writeByte((e.isViewed ? 1 : 0) | (e.isEmailed ? 2 : 0));
        writeInstant(out, e.created);
        writeInstant(out, e.modified);
        BinaryFormat.writeNullable(out, e.eventId);
    }

    private static InboxEntry read(DataInputStream in) throws IOException {
        long id = in.readLong();
        String userId = in.readUTF();
        String subscriptionId = in.readUTF();
        String settingsId = in.readUTF();
        String key = in.readUTF();
        String message = in.readUTF();
        String url = BinaryFormat.readNullable(in);
        String contentType = BinaryFormat.readNullable(in);
        String objectId = BinaryFormat.readNullable(in);
        int occurrences = in.readInt();
        int flags = in.readUnsignedByte();
        Instant created = readInstant(in);
        Instant modified = readInstant(in);
        String eventId = BinaryFormat.readNullable(in);
        return new InboxEntry(id, userId, subscriptionId, settingsId, key, message, url,
                contentType == null ? null : new Target(contentType, objectId), occurrences, (flags & 1) != 0,
                (flags & 2) != 0, created, modified, eventId);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
