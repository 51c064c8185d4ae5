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
 * is matched against the triggers listening on its key only, never against all of them. Reads are lock-free
 * (immutable lists); writes are serialised.
 */
public final class TriggerIndex {
    private final Map<String, List<CompiledTrigger>> byKey = new ConcurrentHashMap<>();
    private final Map<UUID, CompiledTrigger> byId = new ConcurrentHashMap<>();
    /** When each trigger was last put or removed: a reload read before that must not undo it. */
    private final Map<UUID, Long> changedAt = new HashMap<>();
    private long generation;

    public List<CompiledTrigger> candidates(String sourceKey) {
        return byKey.getOrDefault(sourceKey, List.of());
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
            List<CompiledTrigger> list = new ArrayList<>(byKey.getOrDefault(key, List.of()));
            list.add(trigger);
            byKey.put(key, List.copyOf(list));
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
            List<CompiledTrigger> list = new ArrayList<>(byKey.getOrDefault(key, List.of()));
            list.removeIf(t -> t.id().equals(triggerId));
            if (list.isEmpty()) {
                byKey.remove(key);
            } else {
                byKey.put(key, List.copyOf(list));
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
        keys.forEach((key, list) -> byKey.put(key, List.copyOf(list)));
        stale.stream().filter(key -> !keys.containsKey(key)).forEach(byKey::remove);
        byId.keySet().retainAll(ids.keySet());
        byId.putAll(ids);
    }
}
