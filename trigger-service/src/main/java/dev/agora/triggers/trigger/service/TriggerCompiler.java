package dev.agora.triggers.trigger.service;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.DefinitionParser;
import dev.agora.triggers.trigger.repository.Trigger;

/** A stored trigger (validated when it was saved) as the engine runs it. */
public final class TriggerCompiler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TriggerCompiler() {
    }

    public static CompiledTrigger compile(Trigger trigger) {
        DefinitionParser.Parsed parsed = DefinitionParser.parse(read(trigger.filter), read(trigger.conditions));
        if (!parsed.isValid()) {
            throw new IllegalStateException("stored trigger " + trigger.id + " does not compile: " + parsed.errors());
        }
        List<String> keys = Trigger.CHAIN.equals(trigger.sourceType)
                ? List.of(CompiledTrigger.chainKey(trigger.chainId, trigger.registry))
                : Arrays.stream(trigger.eventTypes).map(CompiledTrigger::platformKey).toList();
        return CompiledTrigger.of(trigger.id, trigger.ownerId, keys, parsed.filter(), parsed.root(),
                Trigger.GROUP_BY_AGENT.equals(trigger.groupBy));
    }

    static JsonNode read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored trigger JSON is unreadable", e);
        }
    }
}
