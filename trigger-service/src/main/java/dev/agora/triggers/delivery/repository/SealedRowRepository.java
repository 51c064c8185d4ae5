package dev.agora.triggers.delivery.repository;

import static dev.agora.triggers.delivery.repository.NativeQueries.integer;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The rows holding sealed secrets, read in keyset batches for {@code rotate-secrets}: only rows with a value not
 * sealed with the current key ({@code enc:v1:}, or {@code enc:v2:} of another key id) and, except for actions (which
 * the caller locks per trigger, as replacing a trigger does), locked until the batch's transaction ends.
 */
@ApplicationScoped
public class SealedRowRepository {
    /** A row's sealed text and the place it belongs to; {@code position} is that of its action (0 for triggers). */
    public record SealedRow(UUID id, UUID ownerId, UUID triggerId, int position, String sealed) {
    }

    public Uni<List<SealedRow>> signingSecrets(UUID after, String currentKeyId, int limit) {
        return rows("select cast(id as text), cast(owner_id as text), cast(id as text), 0, signing_secret from triggers"
                + " where id > cast(?1 as uuid) and signing_secret ~ ('^' || cast(?2 as text)) order by id limit ?3"
                + " for update", after, stalePattern(currentKeyId), limit);
    }

    /** The triggers (ids, ascending) having an action whose settings hold a value to seal again. */
    public Uni<List<UUID>> triggersWithActionSecrets(UUID after, String currentKeyId, int limit) {
        return NativeQueries.rows("select cast(trigger_id as text), count(*) from trigger_actions where trigger_id > cast(?1"
                + " as uuid) and config ~ ('\"' || cast(?2 as text)) group by trigger_id order by trigger_id limit ?3",
                List.of(after, stalePattern(currentKeyId), limit))
                .map(rows -> rows.stream().map(row -> UUID.fromString((String) row[0])).toList());
    }

    public Uni<List<SealedRow>> actionSettings(List<UUID> triggerIds) {
        return rows("select cast(a.id as text), cast(t.owner_id as text), cast(a.trigger_id as text), a.position, a.config"
                + " from trigger_actions a join triggers t on t.id = a.trigger_id"
                + " where a.trigger_id = any(cast(string_to_array(?1, ',') as uuid[])) order by a.trigger_id, a.position",
                String.join(",", triggerIds.stream().map(UUID::toString).toList()));
    }

    public Uni<List<SealedRow>> jobSettings(UUID after, String currentKeyId, int limit) {
        return rows("select cast(id as text), cast(owner_id as text), cast(trigger_id as text), action_position, config"
                + " from action_jobs where id > cast(?1 as uuid) and config ~ ('\"' || cast(?2 as text)) order by id"
                + " limit ?3 for update", after, stalePattern(currentKeyId), limit);
    }

    public Uni<Integer> updateSigningSecret(UUID triggerId, String sealed) {
        return NativeQueries.update("update triggers set signing_secret = ?2 where id = cast(?1 as uuid)", triggerId, sealed);
    }

    public Uni<Integer> updateActionSettings(UUID actionId, String config) {
        return NativeQueries.update("update trigger_actions set config = ?2 where id = cast(?1 as uuid)", actionId, config);
    }

    public Uni<Integer> updateJobSettings(UUID jobId, String config) {
        return NativeQueries.update("update action_jobs set config = ?2 where id = cast(?1 as uuid)", jobId, config);
    }

    /** A sealed value not sealed with the current key: the legacy form, or the current form under another key id. */
    private static String stalePattern(String currentKeyId) {
        return "enc:(v1:|v2:(?!" + currentKeyId + ":))";
    }

    private static Uni<List<SealedRow>> rows(String sql, Object... params) {
        return NativeQueries.rows(sql, List.of(params)).map(rows -> rows.stream().map(row -> new SealedRow(
                UUID.fromString((String) row[0]), UUID.fromString((String) row[1]), UUID.fromString((String) row[2]),
                integer(row[3]), (String) row[4])).toList());
    }
}
