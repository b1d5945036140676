package dev.nyt.fanout.registry;

import dev.nyt.events.DeleteSettings;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Subscription;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.fanout.FanoutMetrics;
import dev.nyt.runtime.Intervals;
import dev.nyt.runtime.RefusedException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies subscription commands with django-nyt's rules, one user at a time. A command that breaks
 * a rule is refused with a {@link RefusedException} before anything changes: a command with a command
 * id (header {@value CommandOutcome#HEADER}) gets a {@code refused} outcome naming the field, one without
 * goes to the dead-letter topic whole; every refusal is counted ({@code nyt_commands_refused_total}). A
 * command with a command id that is applied gets an {@code accepted} outcome; a command that changes nothing (subscribing twice, unsubscribing from
 * nothing) is a quiet no-op, as in django-nyt.
 */
public final class CommandProcessor implements Processor<String, SubscriptionCommand, String, RegistryEvent> {

    private final Intervals intervals;
    private final FanoutMetrics metrics;
    private ProcessorContext<String, RegistryEvent> context;
    private Registry registry;

    public CommandProcessor(Intervals intervals, FanoutMetrics metrics) {
        this.intervals = intervals;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RegistryEvent> context) {
        this.context = context;
        this.registry = new Registry(context);
    }

    @Override
    public void process(Record<String, SubscriptionCommand> record) {
        SubscriptionCommand command = record.value();
        if (command == null) {
            return;
        }
        // Rerouting.owned has refused a record whose key is not the command's userId, so this task holds the user
        Instant now = Instant.ofEpochMilli(record.timestamp());
        Consumer<RegistryEvent> emit = event -> context.forward(record.withValue(event));
        String commandId = CommandOutcome.commandId(record.headers());
        try {
            apply(command, now, emit);
        } catch (RefusedException refused) {
            String field = refused.field();
            metrics.refused(field);
            if (commandId == null) {
                throw refused; // nobody waits for an outcome: the dead-letter topic keeps the command
            }
            emit.accept(new RegistryEvent.CommandDecided(
                    CommandOutcome.refused(commandId, command, field, refused.getMessage(), now)));
            return;
        }
        if (commandId != null) {
            emit.accept(new RegistryEvent.CommandDecided(CommandOutcome.accepted(commandId, command, now)));
        }
    }

    private void apply(SubscriptionCommand command, Instant now, Consumer<RegistryEvent> emit) {
        switch (command) {
            case Subscribe subscribe -> subscribe(subscribe, now, emit);
            case Unsubscribe unsubscribe -> unsubscribe(unsubscribe, emit);
            case UpsertSettings upsert -> upsertSettings(upsert, now, emit);
            case DeleteSettings delete -> deleteSettings(delete, emit);
        }
    }

    private void subscribe(Subscribe command, Instant now, Consumer<RegistryEvent> emit) {
        String userId = command.userId();
        Settings settings;
        if (command.settingsId() != null) {
            settings = registry.settings(userId, command.settingsId()).orElseThrow(() -> new RefusedException(
                    "settingsId", "user " + userId + " has no settings " + command.settingsId()));
        } else {
            settings = registry.defaultSettings(userId).orElseGet(() -> defaultOnDemand(userId, now, emit));
        }
        String id = Ids.subscriptionId(userId, settings.settingsId(), command.key(), command.target());
        Subscription existing = registry.subscription(userId, id).orElse(null);
        boolean sendEmails = command.sendEmails();
        if (existing != null && existing.sendEmails() == sendEmails) {
            return;
        }
        Subscription subscription = new Subscription(id, userId, settings.settingsId(), command.key(),
                command.target(), sendEmails, existing != null ? existing.created() : now);
        registry.putSubscription(subscription);
        emit.accept(new RegistryEvent.SubscriptionChanged(existing, subscription));
    }

    /** The settings a user without any gets when a command needs a default, as django-nyt's get_default_setting. */
    private Settings defaultOnDemand(String userId, Instant now, Consumer<RegistryEvent> emit) {
        Settings created = new Settings(Ids.defaultSettingsId(userId), userId, intervals.defaultInterval(), true, now);
        registry.putSettings(created);
        emit.accept(RegistryEvent.SettingsChanged.changed(created));
        return created;
    }

    private void unsubscribe(Unsubscribe command, Consumer<RegistryEvent> emit) {
        List<Subscription> matching = registry.subscriptions(command.userId()).stream()
                .filter(s -> s.key().equals(command.key()))
                .filter(s -> command.settingsId() == null || command.settingsId().equals(s.settingsId()))
                .filter(s -> narrowedTo(s.target(), command.target()))
                .toList();
        matching.forEach(s -> registry.deleteSubscription(s, emit));
    }

    /** django-nyt's unsubscribe narrowing: by content type, then by object id when given. */
    static boolean narrowedTo(Target subscribed, Target narrowing) {
        if (narrowing == null) {
            return true;
        }
        if (subscribed == null || !narrowing.contentType().equals(subscribed.contentType())) {
            return false;
        }
        return narrowing.objectId() == null || narrowing.objectId().equals(subscribed.objectId());
    }

    private void upsertSettings(UpsertSettings command, Instant now, Consumer<RegistryEvent> emit) {
        String userId = command.userId();
        if (command.interval() != null && !intervals.allows(command.interval())) {
            throw new RefusedException("interval", command.interval() + " is not one of the configured intervals "
                    + intervals.labels().keySet());
        }
        Settings existing = registry.settings(userId, command.settingsId()).orElse(null);
        Settings currentDefault = registry.defaultSettings(userId).orElse(null);
        boolean makeDefault = command.isDefault() != null
                ? command.isDefault()
                : existing != null ? existing.isDefault() : currentDefault == null;
        if (existing != null && existing.isDefault() && !makeDefault) {
            throw new RefusedException("isDefault", "settings " + command.settingsId() + " are the default of user "
                    + userId + "; make other settings the default instead");
        }
        if (existing == null && !makeDefault && currentDefault == null) {
            currentDefault = defaultOnDemand(userId, now, emit); // django-nyt's get_default_setting
        }
        int interval = command.interval() != null ? command.interval()
                : existing != null ? existing.interval() : intervals.defaultInterval();
        Settings updated = new Settings(command.settingsId(), userId, interval, makeDefault,
                existing != null ? existing.created() : now);
        if (makeDefault && currentDefault != null && !currentDefault.settingsId().equals(updated.settingsId())) {
            Settings undefaulted = new Settings(currentDefault.settingsId(), userId, currentDefault.interval(), false,
                    currentDefault.created());
            registry.putSettings(undefaulted);
            emit.accept(RegistryEvent.SettingsChanged.changed(undefaulted));
        }
        if (!Objects.equals(existing, updated)) {
            registry.putSettings(updated);
            emit.accept(RegistryEvent.SettingsChanged.changed(updated));
        }
    }

    private void deleteSettings(DeleteSettings command, Consumer<RegistryEvent> emit) {
        Settings existing = registry.settings(command.userId(), command.settingsId()).orElse(null);
        if (existing == null) {
            return;
        }
        if (existing.isDefault()) {
            throw new RefusedException("settingsId", command.settingsId() + " are the default settings of user "
                    + command.userId() + " and cannot be deleted; make other settings the default first");
        }
        registry.deleteSettings(existing, emit);
    }
}
