package dev.agora.triggers.delivery.repository;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Positional native SQL in the current reactive session. */
final class NativeQueries {

    private NativeQueries() {
    }

    static Uni<Integer> update(String sql, Object... params) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        });
    }

    static Uni<List<Object[]>> rows(String sql, List<Object> params) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        });
    }

    static Instant micros(Object value) {
        if (value == null) {
            return null;
        }
        long micros = ((Number) value).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    static String microsOf(String column) {
        return "cast(extract(epoch from " + column + ") * 1000000 as bigint)";
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
