package dev.agora.triggers.event.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The append-only {@code events} table, written and read with plain SQL in the caller's session. */
@ApplicationScoped
public class ChainEventRepository {
    private static final String COLUMNS = "id, chain_id, block_number, block_hash, transaction_hash, log_index, registry,"
            + " event_type, agent_id, block_timestamp, owner, token_uri, metadata_key, metadata_value, client_address,"
            + " feedback_index, score, tag1, tag2, file_uri, file_hash, validator_address, request_hash, response,"
            + " response_uri, response_hash, tag";
    // one statement for the whole batch: rows travel as a JSON array; a known id is skipped, never overwritten
    private static final String INSERT_NEW = "with batch as (select * from jsonb_to_recordset(cast(cast(?1 as text) as jsonb))"
            + " as x(id text, chain_id bigint, block_number bigint, block_hash text, transaction_hash text, log_index integer,"
            + " registry text, event_type text, agent_id text, block_timestamp bigint, owner text, token_uri text,"
            + " metadata_key text, metadata_value text, client_address text, feedback_index bigint, score integer,"
            + " tag1 text, tag2 text, file_uri text, file_hash text, validator_address text, request_hash text,"
            + " response integer, response_uri text, response_hash text, tag text)),"
            + " inserted as (insert into events (" + COLUMNS + ") select " + COLUMNS + " from batch"
            + " on conflict (id) do nothing returning id)"
            + " select id from inserted";

    /** Inserts the events whose id is new; returns those ids. */
    public Uni<Set<String>> insertNew(List<ChainEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        events.forEach(event -> rows.add(event.toRow()));
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_NEW, String.class)
                .setParameter(1, rows.toString())
                .getResultList())
                .map(HashSet::new);
    }

    /** Newest block time first, then id descending; fetches {@code limit + 1} rows. */
    public Uni<List<ChainEvent>> list(ChainEventQuery query) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from events where true");
        List<Object> params = new ArrayList<>();
        if (query.agentId() != null) {
            params.add(query.agentId());
            sql.append(" and agent_id = ?").append(params.size());
        }
        if (query.chainId() != null) {
            params.add(query.chainId());
            sql.append(" and chain_id = ?").append(params.size());
        }
        if (query.registry() != null) {
            params.add(query.registry());
            sql.append(" and registry = ?").append(params.size());
        }
        if (query.eventType() != null) {
            params.add(query.eventType());
            sql.append(" and event_type = ?").append(params.size());
        }
        if (query.from() != null) {
            params.add(query.from());
            sql.append(" and block_timestamp >= ?").append(params.size());
        }
        if (query.to() != null) {
            params.add(query.to());
            sql.append(" and block_timestamp < ?").append(params.size());
        }
        if (query.afterTimestamp() != null) {
            params.add(query.afterTimestamp());
            sql.append(" and (block_timestamp, id) < (?").append(params.size());
            params.add(query.afterId());
            sql.append(", ?").append(params.size()).append(")");
        }
        params.add(query.limit() + 1);
        sql.append(" order by block_timestamp desc, id desc limit ?").append(params.size());
        return Panache.getSession().chain(session -> {
            var nativeQuery = session.createNativeQuery(sql.toString(), Object[].class);
            for (int i = 0; i < params.size(); i++) {
                nativeQuery.setParameter(i + 1, params.get(i));
            }
            return nativeQuery.getResultList();
        }).map(rows -> rows.stream().map(ChainEventRepository::event).toList());
    }

    /** Removes the events stored ({@code created_at}) before the cutoff; returns how many. */
    public Uni<Integer> purgeStoredBefore(Instant cutoff) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("delete from events where created_at < cast(cast(?1 as text) as timestamptz)")
                .setParameter(1, cutoff.toString())
                .executeUpdate());
    }

    private static ChainEvent event(Object[] row) {
        return new ChainEvent(longOf(row[1]), longOf(row[2]), (String) row[3], (String) row[4], (int) longOf(row[5]),
                (String) row[6], (String) row[7], (String) row[8], longOf(row[9]), (String) row[10], (String) row[11],
                (String) row[12], (String) row[13], (String) row[14], row[15] == null ? null : longOf(row[15]),
                row[16] == null ? null : (int) longOf(row[16]), (String) row[17], (String) row[18], (String) row[19],
                (String) row[20], (String) row[21], (String) row[22], row[23] == null ? null : (int) longOf(row[23]),
                (String) row[24], (String) row[25], (String) row[26]);
    }

    private static long longOf(Object value) {
        return ((Number) value).longValue();
    }
}
