package dev.agora.common.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * Work that projections leave to the end of a consumer's transaction, so that it is done once for all the events
 * the transaction applies (a whole poll on a batched channel) rather than once per event. A projection adds to the
 * transaction's buffer of one kind ({@link #buffer}); after the last event, and before the commit,
 * {@link IdempotentConsumer} runs every buffer, in the order each was first used, in the same transaction.
 * <p>
 * Outside a consumer's transaction (a request, a job) there is no buffer: {@link #buffer} is empty, and the caller
 * does its work at once. The scope lives in the Vert.x duplicated context of the transaction, like its session.
 */
public final class BeforeCommit {
    private static final String KEY = BeforeCommit.class.getName();

    /** A buffer of deferred work, run once before the commit. */
    public interface Deferred {
        Uni<Void> run();
    }

    private final Map<Class<?>, Deferred> buffers = new LinkedHashMap<>();

    private BeforeCommit() {
    }

    /**
     * The current consumer transaction's buffer of {@code kind}, made with {@code create} on first use; empty outside
     * a consumer's transaction.
     */
    public static <T extends Deferred> Optional<T> buffer(Class<T> kind, Supplier<T> create) {
        return ContextLocals.<BeforeCommit> get(KEY).map(scope -> kind.cast(scope.buffers.computeIfAbsent(kind, k -> create.get())));
    }

    /** Opens the scope of a consumer's transaction on the current duplicated context. */
    static BeforeCommit open() {
        BeforeCommit scope = new BeforeCommit();
        ContextLocals.put(KEY, scope);
        return scope;
    }

    /** Runs the buffers one after the other (a session runs one statement at a time). */
    Uni<Void> runAll() {
        List<Deferred> deferred = new ArrayList<>(buffers.values());
        buffers.clear();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Deferred work : deferred) {
            chain = chain.chain(work::run);
        }
        return chain;
    }

    /** Ends the scope, whether the transaction commits or not: a buffer never outlives its transaction. */
    static void close() {
        ContextLocals.remove(KEY);
    }
}
