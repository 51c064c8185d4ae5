package dev.agora.common.retry;

/**
 * This replica cannot do the work yet: state it needs is still being loaded at start-up. The work is not at fault
 * and succeeds later, so it is a transient failure: a consumer holds the event and tries again, a request gets 503.
 */
public class NotReadyException extends RuntimeException {
    public NotReadyException(String message) {
        super(message);
    }
}
