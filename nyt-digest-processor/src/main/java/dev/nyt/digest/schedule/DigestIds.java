package dev.nyt.digest.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest's identity from its content: SHA-256 over the user, the settings and each notification
 * id with the occurrence count the mail shows. The same digest recomputed (after a crash, a
 * restart, on another instance) gets the same id and so the same Message-ID; a coalesced repeat
 * (occurrences + 1) makes a new digest.
 */
public final class DigestIds {

    private static final int ID_HEX_CHARS = 32;

    private DigestIds() {
    }

    /** One notification of a digest: its id and the occurrences the mail shows. */
    public record Item(long notificationId, int occurrences) {
    }

    public static String digestId(String userId, String settingsId, List<Item> items) {
        MessageDigest sha = sha256();
        update(sha, userId);
        update(sha, settingsId);
        for (Item item : items) {
            update(sha, item.notificationId() + ":" + item.occurrences());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, ID_HEX_CHARS);
    }

    /** {@code <digestId.digest@domain>}: the domain without its port, as RFC 5322 wants. */
    public static String messageId(String digestId, String domain) {
        int colon = domain.indexOf(':');
        String host = colon < 0 ? domain : domain.substring(0, colon);
        return "<" + digestId + ".digest@" + host + ">";
    }

    private static void update(MessageDigest sha, String part) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
