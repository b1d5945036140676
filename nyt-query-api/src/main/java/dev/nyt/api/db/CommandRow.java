package dev.nyt.api.db;

import java.time.Instant;

/**
 * What became of one of the caller's commands: {@code status} is {@code pending} until the registry
 * decides, then {@code accepted} or {@code refused} (with the {@code field} at fault and the {@code reason}).
 */
public record CommandRow(String commandId, String type, String status, String field, String reason,
                         Instant receivedAt, Instant decidedAt) {

    public static final String PENDING = "pending";
}
