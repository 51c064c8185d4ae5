package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
    private record Bucket(List<CompiledTrigger> all, Map<String, Entry> byAgent, Map<String, Entry> byTag,
            List<CompiledTrigger> untagged) {

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
            return new Bucket(List.copyOf(triggers), entries(byAgent), entries(byTag), List.copyOf(untagged));
        }

        /**
         * A {@code HashMap}, never changed once built, rather than {@code Map.copyOf}: with thousands of agents a
         * lookup compares the cached hashes first instead of the strings themselves at every probe.
         */
        private static Map<String, Entry> entries(Map<String, List<CompiledTrigger>> lists) {
            Map<String, Entry> entries = new HashMap<>();
            lists.forEach((value, list) -> entries.put(value, Entry.of(list)));
            return Collections.unmodifiableMap(entries);
        }

        List<CompiledTrigger> matching(EngineEvent event, String tag1, String tag2) {
            List<CompiledTrigger> matching = new ArrayList<>();
            for (CompiledTrigger trigger : untagged) {
                if (trigger.passesFilter(event)) {
                    matching.add(trigger);
                }
            }
            reached(byTag, tag1, event, matching);
            if (tag2 != null && !tag2.equals(tag1)) {
                reached(byTag, tag2, event, matching);
            }
            reached(byAgent, event.agentId(), event, matching);
            return matching;
        }

        private static void reached(Map<String, Entry> index, String value, EngineEvent event,
                List<CompiledTrigger> matching) {
            Entry entry = value == null ? null : index.get(value);
            if (entry != null) {
                matching.addAll(entry.decided());
                for (CompiledTrigger trigger : entry.toCheck()) {
                    if (trigger.passesFilter(event)) {
                        matching.add(trigger);
                    }
                }
            }
        }
    }

    /**
     * The triggers reached through one agent or tag: those whose whole filter is that one condition (the lookup has
     * decided it) and those with more filter conditions, still to be checked.
     */
    private record Entry(List<CompiledTrigger> decided, List<CompiledTrigger> toCheck) {
        static Entry of(List<CompiledTrigger> triggers) {
            List<CompiledTrigger> decided = new ArrayList<>();
            List<CompiledTrigger> toCheck = new ArrayList<>();
            for (CompiledTrigger trigger : triggers) {
                (trigger.filter().size() == 1 ? decided : toCheck).add(trigger);
            }
            return new Entry(List.copyOf(decided), List.copyOf(toCheck));
        }
    }

    private final Map<String, Bucket> byKey = new ConcurrentHashMap<>();
    private final Map<UUID, CompiledTrigger> byId = new ConcurrentHashMap<>();
    /** When each trigger was last put or removed: a reload read before that must not undo it. */
    private final Map<UUID, Long> changedAt = new HashMap<>();
    private long generation;
    private volatile boolean loaded;

    /** Every trigger listening on {@code sourceKey}. */
    public List<CompiledTrigger> candidates(String sourceKey) {
        Bucket bucket = byKey.get(sourceKey);
        return bucket == null ? List.of() : bucket.all();
    }

    /**
     * The triggers listening on {@code sourceKey} whose whole filter holds for {@code event}. The agent or tag a
     * trigger is indexed by is decided by the lookup itself (the same comparison as {@code agent_id_equals} and
     * {@code tag_equals} make), so a trigger whose filter is only that condition is not tested again.
     */
    public List<CompiledTrigger> matching(String sourceKey, EngineEvent event) {
        Bucket bucket = byKey.get(sourceKey);
        return bucket == null ? List.of()
                : bucket.matching(event, Conditions.text(event, "tag1"), Conditions.text(event, "tag2"));
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

    /** Whether the triggers were read once ({@link #replaceAll}): until then an empty index proves nothing. */
    public boolean isLoaded() {
        return loaded;
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
        loaded = true;
    }
}
