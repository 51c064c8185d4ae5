package dev.agora.common.deadletter;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.Config;

/** The dead-letter topics this service writes to: the {@code dead-letter-queue.topic} of its incoming channels. */
final class DeadLetterTopics {
    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String SUFFIX = ".dead-letter-queue.topic";

    private DeadLetterTopics() {
    }

    static Set<String> of(Config config) {
        Set<String> topics = new TreeSet<>();
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(PREFIX) && name.endsWith(SUFFIX))
                .forEach(name -> config.getOptionalValue(name, String.class).ifPresent(topics::add));
        return topics;
    }
}
