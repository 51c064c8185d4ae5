package dev.agora.common.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void forgetsEntriesAtTheirExpiry() {
        BoundedCache<String, String> cache = new BoundedCache<>(10, now::get);
        cache.put("token", "verified", 2_000);
        cache.put("already-expired", "x", 1_000);
        assertEquals("verified", cache.get("token"));
        assertNull(cache.get("already-expired"));
        now.set(2_000);
        assertNull(cache.get("token"));
    }

    @Test
    void neverHoldsMoreThanItsBound() {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(100, now::get);
        for (int i = 0; i < 1_000; i++) {
            cache.put(i, i, 5_000);
        }
        assertTrue(cache.size() <= 100, "size " + cache.size());
        assertEquals(999, cache.get(999));
    }
}
