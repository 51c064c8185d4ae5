package dev.agora.triggers.trigger.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.triggers.delivery.service.ActionSecrets;
import dev.agora.triggers.trigger.repository.Trigger;
import dev.agora.triggers.trigger.repository.TriggerAction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A trigger as the API shows it: the secret settings of its actions masked, every other setting as written. */
@RegisterForReflection
public record TriggerView(UUID id, String name, String description, boolean enabled, Source source, JsonNode filter,
        JsonNode conditions, String groupBy, List<Action> actions, Instant createdAt, Instant updatedAt) {

    @RegisterForReflection
    public record Source(String type, Long chainId, String registry, List<String> eventTypes) {
    }

    @RegisterForReflection
    public record Action(UUID id, String type, int priority, JsonNode config) {
    }

    public static TriggerView of(Trigger trigger, List<TriggerAction> actions) {
        Source source = Trigger.CHAIN.equals(trigger.sourceType)
                ? new Source(Trigger.CHAIN, trigger.chainId, trigger.registry, null)
                : new Source(Trigger.PLATFORM, null, null, List.of(trigger.eventTypes));
        return new TriggerView(trigger.id, trigger.name, trigger.description, trigger.enabled, source,
                TriggerCompiler.read(trigger.filter), TriggerCompiler.read(trigger.conditions), trigger.groupBy,
                actions.stream().map(a -> new Action(a.id, a.actionType, a.priority,
                        ActionSecrets.mask(TriggerCompiler.read(a.config)))).toList(),
                trigger.createdAt, trigger.updatedAt);
    }
}
