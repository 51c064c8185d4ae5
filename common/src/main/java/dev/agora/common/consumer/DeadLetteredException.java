package dev.agora.common.consumer;

/**
 * Why an event goes to its dead-letter topic, and which service sent it there. A dead-letter topic is shared by every
 * service consuming its source topic: the {@code dead-letter-reason} header the connector writes from this message
 * ({@code "<service>: <reason>"}) tells them apart; the original failure stays the cause.
 */
public class DeadLetteredException extends RuntimeException {
    private static final String SEPARATOR = ": ";

    public DeadLetteredException(String service, Throwable cause) {
        super(service + SEPARATOR + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause, false, false);
    }

    /** The service named in a {@code dead-letter-reason} written from this exception, or null for any other reason. */
    public static String serviceOf(String reason) {
        if (reason == null) {
            return null;
        }
        int end = reason.indexOf(SEPARATOR);
        return end > 0 && reason.substring(0, end).matches("[a-z][a-z0-9-]*") ? reason.substring(0, end) : null;
    }

    /** The failure itself, without the service's name. */
    public static String failureOf(String reason) {
        return serviceOf(reason) == null ? reason : reason.substring(reason.indexOf(SEPARATOR) + SEPARATOR.length());
    }
}
