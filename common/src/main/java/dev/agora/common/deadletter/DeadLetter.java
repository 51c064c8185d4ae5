package dev.agora.common.deadletter;

import java.time.Instant;

/**
 * A record of a dead-letter topic, as an operator reads it.
 *
 * @param deadLetteredBy the service that gave the event up (null if the reason does not say)
 * @param replayedAt when this service published it again to its source topic, or null
 */
public record DeadLetter(String topic, int partition, long offset, String key, String eventId, String eventType,
        String sourceTopic, Integer sourcePartition, Long sourceOffset, String deadLetteredBy, String reason,
        String cause, Instant deadLetteredAt, Instant replayedAt, String body) {
}
