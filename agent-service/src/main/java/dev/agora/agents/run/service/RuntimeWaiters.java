package dev.agora.agents.run.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Deployed agents waiting in a long poll for work, per agent, on this replica: woken as soon as a run of their agent
 * is queued here, else at their next look (a run queued by another replica is found then).
 */
@ApplicationScoped
public class RuntimeWaiters {
    private final Map<UUID, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /** Completes when the agent may have work, or after {@code atMost}. */
    public Uni<Void> await(UUID agentId, Duration atMost) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiting.computeIfAbsent(agentId, id -> new CopyOnWriteArrayList<>()).add(signal);
        return Uni.createFrom().completionStage(signal).ifNoItem().after(atMost).recoverWithItem((Void) null)
                .eventually(() -> waiting.computeIfPresent(agentId, (id, list) -> {
                    list.remove(signal);
                    return list.isEmpty() ? null : list;
                }));
    }

    public void signal(String agentId) {
        try {
            List<CompletableFuture<Void>> signals = waiting.get(UUID.fromString(agentId));
            if (signals != null) {
                signals.forEach(signal -> signal.complete(null));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // a record keyed by something else than an agent id wakes nobody
        }
    }
}
