package dev.agora.marketplace.leaderboard.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * Keeps the boards fresh on every replica: each tick recomputes the marked boards whose debounce has passed (one
 * transaction per board, claimed with skip-locked so replicas share the work), and at every new hour marks the
 * rolling periods' boards, whose windows have moved.
 */
@ApplicationScoped
public class LeaderboardRefresher {
    private static final Logger LOG = Logger.getLogger(LeaderboardRefresher.class);
    /** Boards per tick at most, so one tick never runs unbounded. */
    private static final int BOARDS_PER_TICK = 50;

    private final LeaderboardService service;
    private final LeaderboardConfig config;
    private final Vertx vertx;
    private final LeaderboardPageCache pages;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant rolledHour;
    private long timer = -1;
    private volatile boolean stopping;

    public LeaderboardRefresher(LeaderboardService service, LeaderboardConfig config, Vertx vertx,
            LeaderboardPageCache pages) {
        this.service = service;
        this.config = config;
        this.vertx = vertx;
        this.pages = pages;
    }

    void start(@Observes StartupEvent started) {
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        // Panache needs a safe duplicated context: the timer's own context is not one
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> refresh().subscribe().with(
                done -> running.set(false),
                failure -> {
                    if (!stopping) {
                        LOG.warnf(failure, "Leaderboard refresh failed; retried at the next tick");
                    }
                    running.set(false);
                }));
    }

    private Uni<Void> refresh() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Uni<Void> roll = hour.equals(rolledHour) ? Uni.createFrom().voidItem()
                : service.markRollingBoards().invoke(() -> rolledHour = hour);
        return roll.chain(() -> drain(0));
    }

    private Uni<Void> drain(int done) {
        if (done >= BOARDS_PER_TICK) {
            return Uni.createFrom().voidItem();
        }
        // cleared again once the board is committed: a read during the transaction may have kept the old page
        return service.recomputeNextMarked(Instant.now())
                .invoke(found -> {
                    if (found) {
                        pages.clear();
                    }
                })
                .chain(found -> found ? drain(done + 1) : Uni.createFrom().voidItem());
    }
}
