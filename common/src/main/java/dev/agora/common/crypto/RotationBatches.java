package dev.agora.common.crypto;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * The steps of {@code rotate-secrets} over a table: keyset batches, each its caller's own short transaction (rows
 * locked only while it runs, so the service keeps serving), the next one starting after the last id it saw; within a
 * batch, one row after the other.
 */
public final class RotationBatches {
    /** The first id to start after: smaller than any random UUID. */
    public static final UUID START = new UUID(0, 0);
    private static final Logger LOG = Logger.getLogger(RotationBatches.class);

    private RotationBatches() {
    }

    /** One batch: the last id it read (null when there was nothing left) and what it did. */
    public record Batch(UUID lastId, SecretRotationSummary done) {
    }

    /** Runs {@code batch} from {@link #START} until a batch reads nothing; answers {@code sum} plus what they did. */
    public static Uni<SecretRotationSummary> run(SecretRotationSummary sum, Function<UUID, Uni<Batch>> batch) {
        return run(START, sum, batch);
    }

    /**
     * Runs {@code step} on each row of a batch in turn (a reactive session runs one statement at a time) and answers
     * the batch: its last id (from {@code idOf}) and the sum of what the steps did.
     */
    public static <R> Uni<Batch> eachRow(String keyId, List<R> rows, Function<R, UUID> idOf,
            Function<R, Uni<SecretRotationSummary>> step) {
        Uni<SecretRotationSummary> done = Uni.createFrom().item(SecretRotationSummary.none(keyId));
        for (R row : rows) {
            done = done.chain(sum -> step.apply(row).map(sum::plus));
        }
        UUID lastId = rows.isEmpty() ? null : idOf.apply(rows.get(rows.size() - 1));
        return done.map(sum -> new Batch(lastId, sum));
    }

    /**
     * One row whose stored object was sealed again: written with {@code write} when a value changed; each field that
     * did not open is logged ({@code what} and {@code id} name the row, never a value) and counted.
     */
    public static Uni<SecretRotationSummary> row(String keyId, String what, UUID id, SecretFields.Resealed resealed,
            Function<String, Uni<Integer>> write) {
        resealed.unreadableFields().forEach(field -> LOG.warnf("rotate-secrets: %s %s: the secret at %s does not open"
                + " with any configured key", what, id, field));
        SecretRotationSummary done = SecretRotationSummary.none(keyId).withRow(resealed.values(),
                resealed.unreadableFields().size());
        return resealed.values() == 0 ? Uni.createFrom().item(done)
                : write.apply(resealed.document().toString()).replaceWith(done);
    }

    private static Uni<SecretRotationSummary> run(UUID after, SecretRotationSummary sum, Function<UUID, Uni<Batch>> batch) {
        return batch.apply(after).chain(result -> result.lastId() == null
                ? Uni.createFrom().item(sum.plus(result.done()))
                : run(result.lastId(), sum.plus(result.done()), batch));
    }
}
