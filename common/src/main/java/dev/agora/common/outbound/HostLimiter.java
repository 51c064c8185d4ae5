package dev.agora.common.outbound;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/** At most {@code perHost} requests in flight per destination host; the others wait their turn (never dropped). */
public final class HostLimiter {
    private final int perHost;
    private final Map<String, Slots> hosts = new HashMap<>();

    public HostLimiter(int perHost) {
        this.perHost = perHost;
    }

    private static final class Slots {
        int inFlight;
        final Queue<Promise<Runnable>> waiting = new ArrayDeque<>();
    }

    /** Completes with the release to run once the request is over. */
    public synchronized Future<Runnable> acquire(String host) {
        Slots slots = hosts.computeIfAbsent(host, h -> new Slots());
        if (slots.inFlight < perHost) {
            slots.inFlight++;
            return Future.succeededFuture(release(host));
        }
        Promise<Runnable> promise = Promise.promise();
        slots.waiting.add(promise);
        return promise.future();
    }

    private Runnable release(String host) {
        boolean[] done = { false };
        return () -> {
            Promise<Runnable> next;
            synchronized (this) {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                Slots slots = hosts.get(host);
                next = slots.waiting.poll();
                if (next == null) {
                    slots.inFlight--;
                    if (slots.inFlight == 0) {
                        hosts.remove(host);
                    }
                }
            }
            if (next != null) {
                next.complete(release(host));
            }
        };
    }

    /** Requests in flight for {@code host} (for tests and metrics). */
    public synchronized int inFlight(String host) {
        Slots slots = hosts.get(host);
        return slots == null ? 0 : slots.inFlight;
    }
}
