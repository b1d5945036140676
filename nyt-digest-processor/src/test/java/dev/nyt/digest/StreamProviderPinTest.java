package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.mail.SmtpMailSender;
import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jakarta Mail's per-part provider lookup is resolved once, by the library's own first lookup step. */
class StreamProviderPinTest {

    private static final String PROPERTY = StreamProvider.class.getName();
    private String before;

    @BeforeEach
    void rememberProperty() {
        before = System.getProperty(PROPERTY);
        System.clearProperty(PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void pinsTheProviderTheServiceLookupFinds() {
        // Given
        String found = StreamProvider.provider().getClass().getName();

        // When
        String pinned = SmtpMailSender.pinStreamProvider();

        // Then
        assertThat(pinned).isEqualTo(found).startsWith("org.eclipse.angus.mail");
        assertThat(System.getProperty(PROPERTY)).isEqualTo(found);
        assertThat(StreamProvider.provider().getClass().getName()).isEqualTo(found);
    }

    @Test
    void leavesAProviderTheOperatorChoseAlone() {
        // Given
        System.setProperty(PROPERTY, "com.example.mail.OwnStreamProvider");

        // When
        String pinned = SmtpMailSender.pinStreamProvider();

        // Then
        assertThat(pinned).isEqualTo("com.example.mail.OwnStreamProvider");
        assertThat(System.getProperty(PROPERTY)).isEqualTo("com.example.mail.OwnStreamProvider");
    }
}
