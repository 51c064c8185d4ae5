package dev.agora.common.outbox;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

@WithOutboxTransaction
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class OutboxTransactionInterceptor {
    private final OutboxRelay relay;

    public OutboxTransactionInterceptor(OutboxRelay relay) {
        this.relay = relay;
    }

    @AroundInvoke
    public Object intercept(InvocationContext context) {
        if (AfterCommit.current().isPresent()) {
            // called from another outbox transaction of the request: it joins it, and the outermost one commits
            return Panache.withTransaction(() -> proceed(context));
        }
        Optional<AfterCommit> afterCommit = AfterCommit.open();
        // invoke() is chained on the Uni returned by withTransaction, so it runs after the commit.
        return Panache.withTransaction(() -> proceed(context))
                .invoke(() -> {
                    relay.wake();
                    afterCommit.ifPresent(AfterCommit::runAll);
                })
                .eventually(() -> afterCommit.ifPresent(AfterCommit::close));
    }

    @SuppressWarnings("unchecked")
    private static Uni<Object> proceed(InvocationContext context) {
        try {
            return (Uni<Object>) context.proceed();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }
}
