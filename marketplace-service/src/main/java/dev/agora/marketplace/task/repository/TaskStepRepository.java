package dev.agora.marketplace.task.repository;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** The execution trails of tasks, in the caller's session. */
@ApplicationScoped
public class TaskStepRepository implements PanacheRepositoryBase<TaskStep, UUID> {
    static final String APPEND = "insert into task_steps (id, task_id, kind, step_text, data, attempt, at, event_id)"
            + " values (:id, :task, :kind, :text, nullif(cast(cast(:data as text) as jsonb), 'null'::jsonb), :attempt,"
            + " :at, :event) on conflict (event_id) do nothing";

    /** Appends the step unless its event's step is there already; true when it is new. */
    public Uni<Boolean> append(TaskStep step) {
        return Panache.getSession().chain(session -> session.createNativeQuery(APPEND)
                .setParameter("id", step.id)
                .setParameter("task", step.taskId)
                .setParameter("kind", step.kind)
                .setParameter("text", step.text)
                .setParameter("data", step.data == null ? "null" : step.data.toString())
                .setParameter("attempt", step.attempt)
                .setParameter("at", step.at)
                .setParameter("event", step.eventId)
                .executeUpdate()).map(rows -> rows == 1);
    }

    /** The task's latest {@code limit} steps, oldest first (by the time they happened, then as recorded). */
    public Uni<List<TaskStep>> latest(UUID taskId, int limit) {
        return find("taskId = :task order by at desc, seq desc", Parameters.with("task", taskId)).page(0, limit).list()
                .map(newestFirst -> {
                    List<TaskStep> steps = new ArrayList<>(newestFirst);
                    Collections.reverse(steps);
                    return steps;
                });
    }

    /** The highest dispatch attempt the task's trail names; 0 when it has no steps. */
    public Uni<Integer> attempts(UUID taskId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select coalesce(max(s.attempt), 0) from TaskStep s where s.taskId = :task",
                        Integer.class)
                .setParameter("task", taskId).getSingleResult());
    }
}
