package dev.agora.triggers.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class TriggerIndexTest {
    private static final String CHAIN = CompiledTrigger.chainKey(1, "reputation");
    private static final String FAILED = CompiledTrigger.platformKey("agora.deployment.failed.v1");

    private static CompiledTrigger trigger(UUID id, String... keys) {
        return CompiledTrigger.of(id, UUID.randomUUID(), List.of(keys), List.of(), null, false);
    }

    @Test
    void anIndexIsLoadedOnlyOnceTheTriggersWereReadWhole() {
        TriggerIndex index = new TriggerIndex();
        index.put(trigger(UUID.randomUUID(), FAILED));
        assertFalse(index.isLoaded());

        index.replaceAll(List.of(), index.generation());
        assertTrue(index.isLoaded());
    }

    @Test
    void findsTriggersByTheirSourceKeysOnly() {
        TriggerIndex index = new TriggerIndex();
        CompiledTrigger chain = trigger(UUID.randomUUID(), CHAIN);
        CompiledTrigger platform = trigger(UUID.randomUUID(), FAILED, CompiledTrigger.platformKey("agora.task.failed.v1"));
        index.put(chain);
        index.put(platform);

        assertEquals(List.of(chain), index.candidates(CHAIN));
        assertEquals(List.of(platform), index.candidates(FAILED));
        assertEquals(List.of(), index.candidates(CompiledTrigger.chainKey(2, "reputation")));
        assertEquals(2, index.size());
    }

    @Test
    void replacingOrRemovingATriggerUpdatesEveryKey() {
        TriggerIndex index = new TriggerIndex();
        UUID id = UUID.randomUUID();
        index.put(trigger(id, CHAIN, FAILED));
        index.put(trigger(id, FAILED));
        assertFalse(index.listensOn(CHAIN));
        assertEquals(1, index.candidates(FAILED).size());

        index.remove(id);
        assertFalse(index.listensOn(FAILED));
        assertEquals(0, index.size());
    }

    @Test
    void aReloadReadBeforeALocalChangeDoesNotUndoIt() {
        TriggerIndex index = new TriggerIndex();
        CompiledTrigger kept = trigger(UUID.randomUUID(), CHAIN);
        CompiledTrigger removedLocally = trigger(UUID.randomUUID(), CHAIN);
        index.put(kept);
        index.put(removedLocally);
        long readAt = index.generation();
        CompiledTrigger createdLocally = trigger(UUID.randomUUID(), CHAIN);
        index.put(createdLocally);
        index.remove(removedLocally.id());
        CompiledTrigger fromOtherReplica = trigger(UUID.randomUUID(), FAILED);

        // the database read happened at readAt: it knows kept and removedLocally, plus another replica's trigger
        index.replaceAll(List.of(kept, removedLocally, fromOtherReplica), readAt);

        assertEquals(2, index.candidates(CHAIN).size());
        assertTrue(index.candidates(CHAIN).containsAll(List.of(kept, createdLocally)));
        assertEquals(List.of(fromOtherReplica), index.candidates(FAILED));

        index.replaceAll(List.of(kept), index.generation());
        assertEquals(List.of(kept), index.candidates(CHAIN));
        assertFalse(index.listensOn(FAILED));
    }

    @Test
    void anEventAboutOneAgentMeetsOnlyTriggersWatchingItOrAnyAgent() {
        TriggerIndex index = new TriggerIndex();
        CompiledTrigger watching42 = watching("42");
        CompiledTrigger watching7 = watching("7");
        CompiledTrigger anyAgent = trigger(UUID.randomUUID(), CHAIN);
        index.put(watching42);
        index.put(watching7);
        index.put(anyAgent);

        assertEquals(List.of(anyAgent, watching42), index.matching(CHAIN, event("42", null, null)));
        assertEquals(List.of(anyAgent), index.matching(CHAIN, event("99", null, null)));
        assertEquals(List.of(anyAgent), index.matching(CHAIN, event(null, null, null)));
        assertEquals(3, index.candidates(CHAIN).size());

        index.remove(anyAgent.id());
        assertEquals(List.of(watching42), index.matching(CHAIN, event("42", null, null)));
        index.replaceAll(List.of(watching7), index.generation());
        assertEquals(List.of(), index.matching(CHAIN, event("42", null, null)));
        assertEquals(List.of(watching7), index.matching(CHAIN, event("7", null, null)));
    }

    @Test
    void anEventMeetsOnlyTriggersWhoseAgentAndTagFiltersCanHold() {
        TriggerIndex index = new TriggerIndex();
        CompiledTrigger watching42 = watching("42");
        CompiledTrigger watching7 = watching("7");
        CompiledTrigger tagged = tagged("quality");
        CompiledTrigger taggedOther = tagged("speed");
        CompiledTrigger neither = trigger(UUID.randomUUID(), CHAIN);
        List.of(watching42, watching7, tagged, taggedOther, neither).forEach(index::put);

        assertEquals(List.of(neither, tagged, watching42), index.matching(CHAIN, event("42", "quality", null)));
        assertEquals(List.of(neither, taggedOther, tagged), index.matching(CHAIN, event("99", "speed", "quality")));
        assertEquals(List.of(neither, tagged), index.matching(CHAIN, event(null, "quality", "quality")));
        assertEquals(List.of(neither, watching7), index.matching(CHAIN, event("7", null, null)));
        assertEquals(5, index.candidates(CHAIN).size());

        index.remove(neither.id());
        assertEquals(List.of(tagged), index.matching(CHAIN, event("99", "quality", null)));
        assertEquals(List.of(), index.matching(CHAIN, event("99", "other", null)));
    }

    @Test
    void aTriggerIsMatchedOnlyWhenEveryConditionOfItsFilterHolds() {
        TriggerIndex index = new TriggerIndex();
        CompiledTrigger watching42Tagged = filtered(
                new Node.Leaf("filter[0]", "agent_id_equals", new Conditions.AgentIdEquals("42")),
                new Node.Leaf("filter[1]", "tag_equals", new Conditions.TagEquals("quality")));
        CompiledTrigger taggedFeedback = filtered(
                new Node.Leaf("filter[0]", "tag_equals", new Conditions.TagEquals("quality")),
                new Node.Leaf("filter[1]", "event_type_equals", new Conditions.EventTypeEquals("NewFeedback")));
        CompiledTrigger validations = filtered(
                new Node.Leaf("filter[0]", "event_type_equals", new Conditions.EventTypeEquals("ValidationResponse")));
        List.of(watching42Tagged, taggedFeedback, validations).forEach(index::put);

        assertEquals(List.of(taggedFeedback, watching42Tagged), index.matching(CHAIN, event("42", "quality", null)));
        assertEquals(List.of(), index.matching(CHAIN, event("42", "speed", null)));
        assertEquals(List.of(taggedFeedback), index.matching(CHAIN, event("7", null, "quality")));
        EngineEvent validation = new EngineEvent("1-2-0", "ValidationResponse", "42",
                0, JsonNodeFactory.instance.objectNode().put("agentId", "42").put("tag1", "quality"));
        assertEquals(List.of(validations, watching42Tagged), index.matching(CHAIN, validation));
    }

    private static CompiledTrigger filtered(Node.Leaf... filter) {
        return CompiledTrigger.of(UUID.randomUUID(), UUID.randomUUID(), List.of(CHAIN), List.of(filter), null, false);
    }

    private static EngineEvent event(String agentId, String tag1, String tag2) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("agentId", agentId).put("tag1", tag1).put("tag2", tag2);
        return new EngineEvent("1-1-0", "NewFeedback", agentId, 0, data);
    }

    private static CompiledTrigger tagged(String tag) {
        List<Node.Leaf> filter = List.of(new Node.Leaf("filter[0]", "tag_equals", new Conditions.TagEquals(tag)));
        return CompiledTrigger.of(UUID.randomUUID(), UUID.randomUUID(), List.of(CHAIN), filter, null, true);
    }

    private static CompiledTrigger watching(String agentId) {
        List<Node.Leaf> filter = List.of(new Node.Leaf("filter[0]", "agent_id_equals", new Conditions.AgentIdEquals(agentId)));
        return CompiledTrigger.of(UUID.randomUUID(), UUID.randomUUID(), List.of(CHAIN), filter, null, false);
    }
}
