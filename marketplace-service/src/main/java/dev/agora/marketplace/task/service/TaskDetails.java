package dev.agora.marketplace.task.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.task.repository.Task;
import dev.agora.marketplace.task.repository.TaskStepRepository;
import dev.agora.marketplace.task.model.TaskDetailView;
import dev.agora.marketplace.task.model.TaskExecutionView;
import dev.agora.marketplace.task.model.TaskPaymentView;
import dev.agora.marketplace.task.model.TaskStepView;
import dev.agora.marketplace.transaction.repository.TransactionRepository;
import io.smallrye.mutiny.Uni;

/** A task with its run and its money, for one of its parties, in the caller's session. */
@ApplicationScoped
public class TaskDetails {
    private final TaskStepRepository steps;
    private final TransactionRepository transactions;

    public TaskDetails(TaskStepRepository steps, TransactionRepository transactions) {
        this.steps = steps;
        this.transactions = transactions;
    }

    public Uni<TaskDetailView> of(Task task) {
        // one session: one query after the other
        return steps.latest(task.id, TaskExecutionView.MAX_STEPS)
                .chain(latest -> steps.attempts(task.id).map(attempts -> new TaskExecutionView(task.dispatchedAt,
                        attempts, latest.stream().map(TaskStepView::of).toList())))
                .chain(execution -> transactions.ledgerMovementsOf(task.id).map(movements -> TaskDetailView.of(task,
                        execution, movements.stream().map(TaskPaymentView::of).toList())));
    }
}
