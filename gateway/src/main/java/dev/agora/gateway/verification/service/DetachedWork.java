package dev.agora.gateway.verification.service;

import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs work after the current request has been answered, so the answer neither waits for it nor shows, by its
 * content or its timing, what the work found. The work gets a fresh duplicated Vert.x context of its own, marked
 * safe, where Hibernate Reactive opens its own session. A failure is logged.
 */
@Singleton
public class DetachedWork {
    private static final Logger LOG = Logger.getLogger(DetachedWork.class);

    private final Vertx vertx;

    public DetachedWork(Vertx vertx) {
        this.vertx = vertx;
    }

    public void run(String what, Supplier<Uni<Void>> work) {
        Context current = Vertx.currentContext();
        Context context = current == null ? VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext())
                : VertxContext.createNewDuplicatedContext(current);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(done -> {
        }, failure -> LOG.errorf(failure, "%s failed", what)));
    }
}
