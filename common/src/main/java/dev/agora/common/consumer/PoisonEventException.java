package dev.agora.common.consumer;

/** An event that can never be applied (not a CloudEvent, not JSON, missing data): dead-lettered without retries. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
