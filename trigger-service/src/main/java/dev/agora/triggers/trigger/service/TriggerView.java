package dev.agora.triggers.trigger.service;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.crypto.SecretCipher;
import dev.agora.triggers.delivery.action.ActionConfigs;
import dev.agora.triggers.trigger.repository.Trigger;
import dev.agora.triggers.trigger.repository.TriggerAction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A trigger as the API shows it. Action settings that look like secrets are masked. */
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
                actions.stream().map(a -> new Action(a.id, a.actionType, a.priority, masked(TriggerCompiler.read(a.config))))
                        .toList(),
                trigger.createdAt, trigger.updatedAt);
    }

    private static JsonNode masked(JsonNode config) {
        if (config instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> fields = copy.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual() && ActionConfigs.isSecretName(field.getKey())
                        || field.getValue().isTextual() && SecretCipher.isSealed(field.getValue().asText())) {
                    field.setValue(copy.textNode("********"));
                } else if (field.getValue().isObject()) {
                    field.setValue(masked(field.getValue()));
                }
            }
            return copy;
        }
        return config;
    }
}
