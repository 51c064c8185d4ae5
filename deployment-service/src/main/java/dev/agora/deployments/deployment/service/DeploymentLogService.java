package dev.agora.deployments.deployment.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.agora.common.paging.Page;
import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.access.Caller;
import dev.agora.deployments.deployment.repository.DeploymentLogRepository;
import dev.agora.deployments.deployment.repository.LogLine;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A deployment's log: pages after a sequence number, and a live follow that polls the database (so it works from any
 * replica, whichever one runs the driver) until the deployment has ended and every line has been sent.
 */
@ApplicationScoped
public class DeploymentLogService {
    private static final int FOLLOW_BATCH = 500;
    private static final String STATUS = "select status from deployments where id = $1";
    private static final String LINES = "select seq, logged_at, level, line from deployment_logs"
            + " where deployment_id = $1 and seq > $2 order by seq limit $3";

    private final DeploymentService deployments;
    private final DeploymentLogRepository logs;
    private final Pool pool;
    private final Duration pollInterval;

    public DeploymentLogService(DeploymentService deployments, DeploymentLogRepository logs, Pool pool,
            @ConfigProperty(name = "agora.deployments.log-poll-interval", defaultValue = "500ms") Duration pollInterval) {
        this.deployments = deployments;
        this.logs = logs;
        this.pool = pool;
        this.pollInterval = pollInterval;
    }

    public static long parseSequence(String value, String field) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.strip());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(field, "must be a log sequence number (0 or more)");
    }

    public Uni<Page<LogLine>> page(Caller caller, UUID id, long after, int limit) {
        return deployments.readable(caller, id)
                .chain(() -> logs.after(id, after, limit + 1))
                .map(rows -> Page.of(rows, limit, line -> line, last -> Long.toString(last.sequence())));
    }

    /** From a worker thread: throws the 404 problem unless the caller may read the deployment. */
    public void authorize(Caller caller, UUID id) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> deployments.readable(caller, id));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines after {@code after}, then new ones as they are written, until the deployment has ended. */
    public Multi<LogLine> follow(UUID id, long after) {
        AtomicLong last = new AtomicLong(after);
        return Multi.createBy().repeating()
                .uni(() -> poll(id, last.get()).invoke(batch -> batch.lines().forEach(l -> last.set(l.sequence()))))
                .withDelay(pollInterval)
                // the last batch is an empty one taken after the end, so no line is lost whichever way it is counted
                .whilst(batch -> !(batch.ended() && batch.lines().isEmpty()))
                .onItem().transformToIterable(Batch::lines);
    }

    private record Batch(List<LogLine> lines, boolean ended) {
    }

    private Uni<Batch> poll(UUID id, long after) {
        // the status is read first: a deployment seen ended has written its last line before the lines are read
        return pool.preparedQuery(STATUS).execute(Tuple.of(id)).chain(status -> {
            String current = status.iterator().hasNext() ? status.iterator().next().getString("status") : null;
            boolean ended = current == null || !DeploymentStatus.ACTIVE.contains(current);
            return pool.preparedQuery(LINES).execute(Tuple.of(id, after, FOLLOW_BATCH)).map(rows -> {
                List<LogLine> lines = new ArrayList<>();
                for (Row row : rows) {
                    lines.add(new LogLine(row.getLong("seq"), row.getOffsetDateTime("logged_at").toInstant(),
                            row.getString("level"), row.getString("line")));
                }
                return new Batch(lines, ended);
            });
        });
    }
}
