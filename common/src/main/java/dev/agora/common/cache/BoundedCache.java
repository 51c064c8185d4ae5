package dev.agora.common.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A small concurrent cache whose entries each carry their own expiry. It never holds more than {@code maxEntries}:
 * when full, expired entries are dropped first, then arbitrary ones — a miss only costs a recomputation.
 */
public final class BoundedCache<K, V> {
    private record Entry<V>(V value, long expiresAtMillis) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier clock;

    public BoundedCache(int maxEntries) {
        this(maxEntries, System::currentTimeMillis);
    }

    public BoundedCache(int maxEntries, LongSupplier clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The value, unless it is missing or has expired. */
    public V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtMillis() <= clock.getAsLong()) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value();
    }

    public void put(K key, V value, long expiresAtMillis) {
        if (expiresAtMillis <= clock.getAsLong()) {
            return;
        }
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            makeRoom();
        }
        entries.put(key, new Entry<>(value, expiresAtMillis));
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    private void makeRoom() {
        long now = clock.getAsLong();
        entries.values().removeIf(entry -> entry.expiresAtMillis() <= now);
        Iterator<K> keys = entries.keySet().iterator();
        while (entries.size() >= maxEntries && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
