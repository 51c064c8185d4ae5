package dev.agora.common.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Work a {@link WithOutboxTransaction} method leaves until its transaction has committed, such as telling this
 * replica's in-memory state about a change other requests must not see before it is durable. Dropped if the
 * transaction rolls back. The outermost {@code @WithOutboxTransaction} method of the request owns the scope, which
 * lives in the request's Vert.x duplicated context.
 */
public final class AfterCommit {
    private static final String KEY = AfterCommit.class.getName();

    private final Context context;
    private final List<Runnable> work = new ArrayList<>();

    private AfterCommit(Context context) {
        this.context = context;
    }

    /**
     * Runs {@code task} once the current outbox transaction has committed.
     *
     * @throws IllegalStateException outside a {@code @WithOutboxTransaction} method: there would be no commit to wait for
     */
    public static void run(Runnable task) {
        current().orElseThrow(() -> new IllegalStateException("AfterCommit.run needs a @WithOutboxTransaction method"))
                .work.add(task);
    }

    static Optional<AfterCommit> current() {
        Context context = Vertx.currentContext();
        return context == null || !VertxContext.isDuplicatedContext(context) ? Optional.empty()
                : Optional.ofNullable(context.getLocal(KEY));
    }

    /** Opens the scope of an outermost outbox transaction; empty off a duplicated context (Panache fails there anyway). */
    static Optional<AfterCommit> open() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return Optional.empty();
        }
        AfterCommit scope = new AfterCommit(context);
        context.putLocal(KEY, scope);
        return Optional.of(scope);
    }

    void runAll() {
        List<Runnable> tasks = List.copyOf(work);
        work.clear();
        tasks.forEach(Runnable::run);
    }

    void close() {
        context.removeLocal(KEY);
    }
}
