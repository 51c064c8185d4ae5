package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enabled triggers by source key ({@code chain:<chainId>:<registry>} or {@code platform:<eventType>}), so an event
 * is matched against the triggers listening on its key only, never against all of them. Within a key, triggers whose
 * filter names one agent ({@code agent_id_equals}) are indexed by that agent as well: an event about agent A meets
 * the triggers watching A and those watching any agent, not the thousands watching other agents. Reads are lock-free
 * (immutable buckets); writes are serialised.
 */
public final class TriggerIndex {
    /** The triggers of one source key: all of them, those filtering on one agent by agent, and the others. */
    private record Bucket(List<CompiledTrigger> all, Map<String, List<CompiledTrigger>> byAgent,
            List<CompiledTrigger> anyAgent) {

        static Bucket of(List<CompiledTrigger> triggers) {
            Map<String, List<CompiledTrigger>> byAgent = new HashMap<>();
            List<CompiledTrigger> anyAgent = new ArrayList<>();
            for (CompiledTrigger trigger : triggers) {
                String agent = watchedAgent(trigger);
                if (agent == null) {
                    anyAgent.add(trigger);
                } else {
                    byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(trigger);
                }
            }
            byAgent.replaceAll((agent, list) -> List.copyOf(list));
            return new Bucket(List.copyOf(triggers), Map.copyOf(byAgent), List.copyOf(anyAgent));
        }

        List<CompiledTrigger> candidates(String agentId) {
            List<CompiledTrigger> watching = agentId == null ? null : byAgent.get(agentId);
            if (watching == null) {
                return anyAgent;
            }
            if (anyAgent.isEmpty()) {
                return watching;
            }
            List<CompiledTrigger> both = new ArrayList<>(anyAgent.size() + watching.size());
            both.addAll(anyAgent);
            both.addAll(watching);
            return both;
        }
    }

    private final Map<String, Bucket> byKey = new ConcurrentHashMap<>();
    private final Map<UUID, CompiledTrigger> byId = new ConcurrentHashMap<>();
    /** When each trigger was last put or removed: a reload read before that must not undo it. */
    private final Map<UUID, Long> changedAt = new HashMap<>();
    private long generation;

    /** Every trigger listening on {@code sourceKey}. */
    public List<CompiledTrigger> candidates(String sourceKey) {
        Bucket bucket = byKey.get(sourceKey);
        return bucket == null ? List.of() : bucket.all();
    }

    /**
     * The triggers listening on {@code sourceKey} that may accept an event about {@code agentId} (null: an event about
     * no agent): those not filtering on one agent, and those filtering on this one. The others' filters could not hold.
     */
    public List<CompiledTrigger> candidates(String sourceKey, String agentId) {
        Bucket bucket = byKey.get(sourceKey);
        return bucket == null ? List.of() : bucket.candidates(agentId);
    }

    /** The agent a trigger's filter pins it to, or null when it may accept events about any agent. */
    static String watchedAgent(CompiledTrigger trigger) {
        for (Node.Leaf leaf : trigger.filter()) {
            if (leaf.condition() instanceof Conditions.AgentIdEquals equals) {
                return equals.agentId();
            }
        }
        return null;
    }

    public boolean listensOn(String sourceKey) {
        return byKey.containsKey(sourceKey);
    }

    public int size() {
        return byId.size();
    }

    /** The current change number: take it before reading the triggers for {@link #replaceAll}. */
    public synchronized long generation() {
        return generation;
    }

    /** Adds the trigger, replacing the indexed version of it. */
    public synchronized void put(CompiledTrigger trigger) {
        unindex(trigger.id());
        changedAt.put(trigger.id(), ++generation);
        byId.put(trigger.id(), trigger);
        for (String key : trigger.sourceKeys()) {
            List<CompiledTrigger> list = new ArrayList<>(candidates(key));
            list.add(trigger);
            byKey.put(key, Bucket.of(list));
        }
    }

    public synchronized void remove(UUID triggerId) {
        unindex(triggerId);
        changedAt.put(triggerId, ++generation);
    }

    private void unindex(UUID triggerId) {
        CompiledTrigger old = byId.remove(triggerId);
        if (old == null) {
            return;
        }
        for (String key : old.sourceKeys()) {
            List<CompiledTrigger> list = new ArrayList<>(candidates(key));
            list.removeIf(t -> t.id().equals(triggerId));
            if (list.isEmpty()) {
                byKey.remove(key);
            } else {
                byKey.put(key, Bucket.of(list));
            }
        }
    }

    /**
     * Replaces the whole content with {@code triggers}, read from the database after {@link #generation()} returned
     * {@code readAt} (a periodic reload picks up what other replicas changed). Triggers this replica put or removed
     * since then keep their in-memory version: the read may predate that change.
     */
    public synchronized void replaceAll(Collection<CompiledTrigger> triggers, long readAt) {
        Map<UUID, CompiledTrigger> ids = new HashMap<>();
        triggers.forEach(trigger -> ids.put(trigger.id(), trigger));
        changedAt.forEach((id, at) -> {
            if (at > readAt) {
                CompiledTrigger current = byId.get(id);
                if (current == null) {
                    ids.remove(id);
                } else {
                    ids.put(id, current);
                }
            }
        });
        changedAt.values().removeIf(at -> at <= readAt);
        Map<String, List<CompiledTrigger>> keys = new HashMap<>();
        for (CompiledTrigger trigger : ids.values()) {
            for (String key : trigger.sourceKeys()) {
                keys.computeIfAbsent(key, k -> new ArrayList<>()).add(trigger);
            }
        }
        Set<String> stale = Set.copyOf(byKey.keySet());
        keys.forEach((key, list) -> byKey.put(key, Bucket.of(list)));
        stale.stream().filter(key -> !keys.containsKey(key)).forEach(byKey::remove);
        byId.keySet().retainAll(ids.keySet());
        byId.putAll(ids);
    }
}
