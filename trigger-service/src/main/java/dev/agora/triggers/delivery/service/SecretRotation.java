package dev.agora.triggers.delivery.service;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.crypto.RotationBatches;
import dev.agora.common.crypto.SecretRotationSummary;
import dev.agora.common.crypto.UnreadableSecretException;
import dev.agora.triggers.delivery.repository.SealedRowRepository;
import dev.agora.triggers.delivery.repository.SealedRowRepository.SealedRow;
import dev.agora.triggers.evaluation.repository.TriggerStateRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@code rotate-secrets}: every stored secret (webhook signing secrets, actions' settings, and the copies jobs keep)
 * sealed again under the current key, legacy values bound to their place on the way. Batches are short transactions:
 * signing secrets and jobs are row-locked, actions are locked per trigger as replacing a trigger locks them, so the
 * service keeps serving and nothing written meanwhile is lost. Running it twice finds nothing to do the second time;
 * a value no configured key opens is left as it is, counted and logged (never its content).
 */
@ApplicationScoped
public class SecretRotation {
    private static final Logger LOG = Logger.getLogger(SecretRotation.class);
    private static final int BATCH = 200;

    private final SealedRowRepository rows;
    private final TriggerStateRepository triggerLocks;
    private final ActionSecrets secrets;
    private final ObjectMapper mapper;

    public SecretRotation(SealedRowRepository rows, TriggerStateRepository triggerLocks, ActionSecrets secrets,
            ObjectMapper mapper) {
        this.rows = rows;
        this.triggerLocks = triggerLocks;
        this.secrets = secrets;
        this.mapper = mapper;
    }

    public Uni<SecretRotationSummary> rotate() {
        SecretRotationSummary none = SecretRotationSummary.none(secrets.currentKeyId());
        return RotationBatches.run(none, this::signingSecrets)
                .chain(done -> RotationBatches.run(done, this::actionSettings))
                .chain(done -> RotationBatches.run(done, this::jobSettings))
                .invoke(done -> LOG.infof("rotate-secrets: %s", done));
    }

    private Uni<RotationBatches.Batch> signingSecrets(UUID after) {
        return Panache.withTransaction(() -> rows.signingSecrets(after, secrets.currentKeyId(), BATCH)
                .chain(batch -> each(batch, this::resealSigningSecret)));
    }

    /** Batches of triggers: their actions are read once the triggers are locked, and the batch goes on after the last. */
    private Uni<RotationBatches.Batch> actionSettings(UUID after) {
        return Panache.withTransaction(() -> rows.triggersWithActionSecrets(after, secrets.currentKeyId(), BATCH)
                .call(triggerLocks::lock)
                .chain(triggerIds -> rows.actionSettings(triggerIds)
                        .chain(batch -> each(batch, row -> reseal(row, "trigger action", rows::updateActionSettings)))
                        .map(done -> new RotationBatches.Batch(triggerIds.isEmpty() ? null
                                : triggerIds.get(triggerIds.size() - 1), done.done()))));
    }

    private Uni<RotationBatches.Batch> jobSettings(UUID after) {
        return Panache.withTransaction(() -> rows.jobSettings(after, secrets.currentKeyId(), BATCH)
                .chain(batch -> each(batch, row -> reseal(row, "action job", rows::updateJobSettings))));
    }

    private interface Update {
        Uni<Integer> write(UUID id, String value);
    }

    private Uni<SecretRotationSummary> resealSigningSecret(SealedRow row) {
        SecretRotationSummary none = SecretRotationSummary.none(secrets.currentKeyId());
        try {
            String resealed = secrets.resealSigningSecret(row.sealed(), row.ownerId(), row.triggerId());
            return resealed == null ? Uni.createFrom().item(none.withRow(0, 0))
                    : rows.updateSigningSecret(row.id(), resealed).replaceWith(none.withRow(1, 0));
        } catch (UnreadableSecretException e) {
            LOG.warnf("rotate-secrets: trigger %s: %s", row.triggerId(), e.getMessage());
            return Uni.createFrom().item(none.withRow(0, 1));
        }
    }

    private Uni<SecretRotationSummary> reseal(SealedRow row, String what, Update update) {
        return RotationBatches.row(secrets.currentKeyId(), what, row.id(), secrets.resealConfig(json(row.sealed()),
                ActionSecrets.settingsPlace(row.ownerId(), row.triggerId(), row.position())),
                config -> update.write(row.id(), config));
    }

    private Uni<RotationBatches.Batch> each(List<SealedRow> batch, Function<SealedRow, Uni<SecretRotationSummary>> step) {
        return RotationBatches.eachRow(secrets.currentKeyId(), batch, SealedRow::id, step);
    }

    private JsonNode json(String stored) {
        try {
            return mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored action settings are not JSON", e);
        }
    }
}
