package dev.nyt.events.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.InvalidEventException;
import dev.nyt.events.Settings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettingsKeyTest {

    @Test
    void encodesOwnerAndIdAsAJsonArrayAndParsesItBack() {
        SettingsKey key = new SettingsKey("alice", "s-1");

        assertThat(key.encode()).isEqualTo("[\"alice\",\"s-1\"]");
        assertThat(SettingsKey.parse(key.encode())).isEqualTo(key);
    }

    @Test
    void theSameIdOfTwoUsersIsTwoKeys() {
        assertThat(new SettingsKey("uu1", "dd1").encode()).isNotEqualTo(new SettingsKey("vv1", "dd1").encode());
    }

    @Test
    void idsWithQuotesCommasAndBracketsRoundTrip() {
        SettingsKey key = new SettingsKey("a\",\"b", "[x]");

        assertThat(SettingsKey.parse(key.encode())).isEqualTo(key);
        assertThat(SettingsKey.parse(key.encode()).userId()).isEqualTo("a\",\"b");
    }

    @Test
    void refusesKeysNotInThatForm() {
        assertThatThrownBy(() -> SettingsKey.parse("dd1")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> SettingsKey.parse("[\"only-one\"]")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("two parts");
        assertThatThrownBy(() -> SettingsKey.parse("[\"a\",")).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> SettingsKey.parse("[\"a\",\"\"]")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("settingsId");
        assertThat(SettingsKey.isEncoded("dd1")).isFalse();
    }

    @Test
    void refusesAValueOfAnotherOwner() {
        Settings theirs = new Settings("dd1", "vv1", 0, true, Instant.EPOCH);

        assertThatThrownBy(() -> new SettingsKey("uu1", "dd1").requireMatches(theirs))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("vv1");
        assertThat(new SettingsKey("vv1", "dd1").requireMatches(theirs)).isEqualTo(SettingsKey.of(theirs));
    }
}
