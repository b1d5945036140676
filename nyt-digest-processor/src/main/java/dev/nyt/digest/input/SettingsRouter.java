package dev.nyt.digest.input;

import dev.nyt.events.Settings;
import dev.nyt.events.topic.SettingsKey;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Re-keys {@code nyt-settings} to the owning user. The key names the owner ({@link SettingsKey}), so
 * a record, tombstones included, goes to the user its key names, and two users' settings of the same
 * id never meet; a value that names another owner than its key is refused (dead letter). A record
 * still under a key written before the key named the owner (a plain settings id) is routed as it was
 * then, by the id → user memory of {@link OwnerRouter}, so an upgraded digest processor reads the
 * topic's older records as before; a tombstone under such a key deletes nothing, because only the
 * upgrade's re-keying writes one now (after writing the record again under its owner's key).
 */
public final class SettingsRouter implements Processor<String, Settings, String, SettingsChange> {

    private final String ownersStore;
    private final OwnerRouter<Settings, SettingsChange> legacy;
    private ProcessorContext<String, SettingsChange> context;
    private KeyValueStore<String, String> owners;

    public SettingsRouter(String ownersStore) {
        this.ownersStore = ownersStore;
        this.legacy = new OwnerRouter<>(ownersStore, Settings::userId, SettingsChange::new);
    }

    @Override
    public void init(ProcessorContext<String, SettingsChange> context) {
        this.context = context;
        this.owners = context.getStateStore(ownersStore);
        legacy.init(context);
    }

    @Override
    public void process(Record<String, Settings> record) {
        if (record.key() != null && !SettingsKey.isEncoded(record.key())) {
            if (record.value() == null) {
                owners.delete(record.key()); // the upgrade's re-keying compacts an old record away: nothing is deleted
            } else {
                legacy.process(record);
            }
            return;
        }
        SettingsKey key = SettingsKey.parse(record.key()).requireMatches(record.value());
        context.forward(record.withKey(key.userId()).withValue(new SettingsChange(key.settingsId(), record.value())));
    }
}
