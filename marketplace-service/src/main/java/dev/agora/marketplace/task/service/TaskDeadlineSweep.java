package dev.agora.marketplace.task.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * A task past its due date fails: every replica sweeps on a schedule, in batches of one transaction each whose
 * rows are locked with SKIP LOCKED, so replicas share the overdue tasks and each is failed once.
 */
@ApplicationScoped
public class TaskDeadlineSweep {
    private static final Logger LOG = Logger.getLogger(TaskDeadlineSweep.class);

    private final TaskService tasks;
    private final int batchSize;

    public TaskDeadlineSweep(TaskService tasks,
            @ConfigProperty(name = "agora.marketplace.tasks.deadline-sweep-batch-size", defaultValue = "50") int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("agora.marketplace.tasks.deadline-sweep-batch-size must be at least 1");
        }
        this.tasks = tasks;
        this.batchSize = batchSize;
    }

    @Scheduled(every = "${agora.marketplace.tasks.deadline-sweep-every}",
            delayed = "${agora.marketplace.tasks.deadline-sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().invoke(total -> {
            if (total > 0) {
                LOG.infof("Failed %d tasks past their due date", total);
            }
        }).onFailure().invoke(e -> LOG.warn("Deadline sweep failed; the next one retries", e)).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Fails every task whose due date has passed now, batch after batch until a batch is not full; how many. */
    public Uni<Integer> sweep() {
        return sweepFrom(Instant.now().truncatedTo(ChronoUnit.MICROS), 0);
    }

    private Uni<Integer> sweepFrom(Instant now, int failedSoFar) {
        return tasks.failOverdue(now, batchSize).chain(failed -> failed < batchSize
                ? Uni.createFrom().item(failedSoFar + failed)
                : sweepFrom(now, failedSoFar + failed));
    }
}
