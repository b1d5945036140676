package dev.nyt.digest.state;

/**
 * One settings object of the user: its interval, and when its next digest is due ({@code dueAt}
 * epoch ms, null when nothing is scheduled), mirrored by an entry of the due index.
 */
public record SettingsState(String settingsId, int interval, Long dueAt) {

    public SettingsState withDueAt(Long when) {
        return new SettingsState(settingsId, interval, when);
    }

    public SettingsState withInterval(int minutes) {
        return new SettingsState(settingsId, minutes, dueAt);
    }
}
