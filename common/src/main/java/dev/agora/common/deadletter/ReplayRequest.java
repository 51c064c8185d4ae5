package dev.agora.common.deadletter;

import java.util.List;

/**
 * Which records of a dead-letter topic to publish again to their source topic: the chosen ones, or ({@code all}) every
 * one this service dead-lettered and has not replayed yet.
 */
public record ReplayRequest(String topic, List<Position> records, Boolean all) {

    /** A record of the dead-letter topic. */
    public record Position(Integer partition, Long offset) {
    }
}
