package dev.agora.triggers.event.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CheckpointRepository {
    private static final String SELECT = "select chain_id, last_block_number, last_block_hash,"
            + " cast(extract(epoch from updated_at) * 1000 as bigint) from checkpoints where chain_id = ?1";
    private static final String UPSERT = "insert into checkpoints (chain_id, last_block_number, last_block_hash, updated_at)"
            + " values (?1, ?2, ?3, now()) on conflict (chain_id) do update set last_block_number = excluded.last_block_number,"
            + " last_block_hash = excluded.last_block_hash, updated_at = excluded.updated_at";

    public Uni<Checkpoint> find(long chainId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SELECT, Object[].class)
                .setParameter(1, chainId)
                .getResultList())
                .map(CheckpointRepository::first);
    }

    public Uni<Checkpoint> save(long chainId, long blockNumber, String blockHash) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, chainId)
                .setParameter(2, blockNumber)
                .setParameter(3, blockHash)
                .executeUpdate())
                .chain(() -> find(chainId));
    }

    private static Checkpoint first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new Checkpoint(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), (String) row[2],
                Instant.ofEpochMilli(((Number) row[3]).longValue()));
    }
}
