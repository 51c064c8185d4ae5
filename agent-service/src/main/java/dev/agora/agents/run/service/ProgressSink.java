package dev.agora.agents.run.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.agora.agents.run.events.TaskRunEvents.Step;
import io.smallrye.mutiny.Uni;

/**
 * Where a streaming call reports what the agent says while it works (A2A status updates, an LLM's tokens): each
 * report is written in its own transaction, one after the other in the order made, while the call goes on. The
 * call's reply is recorded only once every report is written ({@link #drained()}).
 */
public final class ProgressSink {
    /** A report: the agent's id for the work (once known) and the step it reported. */
    public record Report(String remoteTaskId, String contextId, Step step) {
    }

    private final Function<Report, Uni<Void>> writer;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public ProgressSink(Function<Report, Uni<Void>> writer) {
        this.writer = writer;
    }

    /** A sink that drops every report (a call that does not stream). */
    public static ProgressSink none() {
        return new ProgressSink(report -> Uni.createFrom().voidItem());
    }

    public synchronized void report(String remoteTaskId, String contextId, Step step) {
        Report report = new Report(remoteTaskId, contextId, step);
        tail = tail.thenCompose(ignored -> write(report));
    }

    private CompletionStage<Void> write(Report report) {
        // a report that cannot be written is lost, not the call: the final reply still records the outcome
        return writer.apply(report).onFailure().recoverWithNull().subscribeAsCompletionStage();
    }

    /** Completes once every report made so far is written. */
    public synchronized Uni<Void> drained() {
        CompletableFuture<Void> last = tail;
        return Uni.createFrom().completionStage(last);
    }
}
