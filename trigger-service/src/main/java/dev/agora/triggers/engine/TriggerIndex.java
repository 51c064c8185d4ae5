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
 * filter names one agent ({@code agent_id_equals}) are indexed by that agent, and the others whose filter names one
 * tag ({@code tag_equals}) by that tag: an event about agent A tagged T meets the triggers watching A, those watching
 * T on any agent and those with neither in their filter, not the thousands whose filter could not hold. Reads are
 * lock-free (immutable buckets); writes are serialised.
 */
public final class TriggerIndex {
    /**
     * The triggers of one source key: all of them; those filtering on one agent, by agent; of the others, those
     * filtering on one tag, by tag, and the rest.
     */
    private record Bucket(List<CompiledTrigger> all, Map<String, List<CompiledTrigger>> byAgent,
            Map<String, List<CompiledTrigger>> byTag, List<CompiledTrigger> untagged) {

        static Bucket of(List<CompiledTrigger> triggers) {
            Map<String, List<CompiledTrigger>> byAgent = new HashMap<>();
            Map<String, List<CompiledTrigger>> byTag = new HashMap<>();
            List<CompiledTrigger> untagged = new ArrayList<>();
            for (CompiledTrigger trigger : triggers) {
                String agent = watchedAgent(trigger);
                if (agent != null) {
                    byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(trigger);
                    continue;
                }
                String tag = watchedTag(trigger);
                if (tag == null) {
                    untagged.add(trigger);
                } else {
                    byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(trigger);
                }
            }
            byAgent.replaceAll((agent, list) -> List.copyOf(list));
            byTag.replaceAll((tag, list) -> List.copyOf(list));
            return new Bucket(List.copyOf(triggers), Map.copyOf(byAgent), Map.copyOf(byTag),
                    List.copyOf(untagged));
        }

        List<CompiledTrigger> candidates(String agentId, String tag1, String tag2) {
            List<CompiledTrigger> tagged = watching(byTag, tag1);
            List<CompiledTrigger> alsoTagged = tag2 == null || tag2.equals(tag1) ? List.of() : watching(byTag, tag2);
            return concat(concat(untagged, tagged, alsoTagged), watching(byAgent, agentId), List.of());
        }

        private static List<CompiledTrigger> watching(Map<String, List<CompiledTrigger>> index, String value) {
            List<CompiledTrigger> watching = value == null ? null : index.get(value);
            return watching == null ? List.of() : watching;
        }

        private static List<CompiledTrigger> concat(List<CompiledTrigger> a, List<CompiledTrigger> b,
                List<CompiledTrigger> c) {
            if (b.isEmpty() && c.isEmpty()) {
                return a;
            }
            if (a.isEmpty() && c.isEmpty()) {
                return b;
            }
            List<CompiledTrigger> all = new ArrayList<>(a.size() + b.size() + c.size());
            all.addAll(a);
            all.addAll(b);
            all.addAll(c);
            return all;
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
     * The triggers listening on {@code sourceKey} whose agent and tag filters may hold for {@code event}: those
     * filtering on its agent, those filtering on one of its tags ({@code tag1}, {@code tag2}) and those filtering on
     * neither. Their other filter conditions are still to be checked.
     */
    public List<CompiledTrigger> candidates(String sourceKey, EngineEvent event) {
        Bucket bucket = byKey.get(sourceKey);
        return bucket == null ? List.of()
                : bucket.candidates(event.agentId(), Conditions.text(event, "tag1"), Conditions.text(event, "tag2"));
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

    /** The tag a trigger's filter requires ({@code tag_equals}), or null when it requires none. */
    static String watchedTag(CompiledTrigger trigger) {
        for (Node.Leaf leaf : trigger.filter()) {
            if (leaf.condition() instanceof Conditions.TagEquals equals) {
                return equals.tag();
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
