package dev.agora.agents.secret.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.agent.service.EndpointSecrets;
import dev.agora.agents.secret.repository.SealedEndpointRepository;
import dev.agora.agents.secret.repository.SealedEndpointRepository.SealedEndpoint;
import dev.agora.common.crypto.RotationBatches;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.common.crypto.SecretRotationSummary;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@code rotate-secrets}: the endpoint secrets and LLM keys of every agent (deleted ones too: they are still stored)
 * and the endpoint secrets of every template sealed again under the current key, legacy values bound to their place on the way. Short row-locked
 * batches, so the service keeps serving; running it twice finds nothing to do the second time. A value no configured
 * key opens is left as it is, counted and logged (never its content). Nothing is published: secrets are not in events.
 */
@ApplicationScoped
public class SecretRotation {
    private static final Logger LOG = Logger.getLogger(SecretRotation.class);
    private static final int BATCH = 200;

    private final SealedEndpointRepository endpoints;
    private final EndpointSecrets secrets;
    private final ObjectMapper mapper;

    public SecretRotation(SealedEndpointRepository endpoints, EndpointSecrets secrets, ObjectMapper mapper) {
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.mapper = mapper;
    }

    public Uni<SecretRotationSummary> rotate() {
        return RotationBatches.run(SecretRotationSummary.none(secrets.currentKeyId()), this::agents)
                .chain(done -> RotationBatches.run(done, this::llmConfigs))
                .chain(done -> RotationBatches.run(done, this::templates))
                .invoke(done -> LOG.infof("rotate-secrets: %s", done));
    }

    private Uni<RotationBatches.Batch> agents(UUID after) {
        return Panache.withTransaction(() -> endpoints.agents(after, secrets.currentKeyId(), BATCH)
                .chain(batch -> RotationBatches.eachRow(secrets.currentKeyId(), batch, SealedEndpoint::id,
                        row -> reseal(row, "agent", new SecretPlace(row.ownerId(), row.id(), "endpoint"),
                                endpoint -> endpoints.updateAgent(row.id(), endpoint)))));
    }

    private Uni<RotationBatches.Batch> llmConfigs(UUID after) {
        return Panache.withTransaction(() -> endpoints.llmConfigs(after, secrets.currentKeyId(), BATCH)
                .chain(batch -> RotationBatches.eachRow(secrets.currentKeyId(), batch, SealedEndpoint::id,
                        row -> RotationBatches.row(secrets.currentKeyId(), "agent", row.id(),
                                secrets.resealLlmConfig(json(row.endpoint()), new SecretPlace(row.ownerId(), row.id(),
                                        "llmConfig")),
                                llmConfig -> endpoints.updateLlmConfig(row.id(), llmConfig)))));
    }

    private Uni<RotationBatches.Batch> templates(UUID after) {
        return Panache.withTransaction(() -> endpoints.templates(after, secrets.currentKeyId(), BATCH)
                .chain(batch -> RotationBatches.eachRow(secrets.currentKeyId(), batch, SealedEndpoint::id,
                        row -> reseal(row, "template", EndpointSecrets.templatePlace(row.ownerId(), row.id()),
                                endpoint -> endpoints.updateTemplate(row.id(), endpoint)))));
    }

    private Uni<SecretRotationSummary> reseal(SealedEndpoint row, String what, SecretPlace place,
            java.util.function.Function<String, Uni<Integer>> write) {
        return RotationBatches.row(secrets.currentKeyId(), what, row.id(), secrets.reseal(json(row.endpoint()), place),
                write);
    }

    private JsonNode json(String stored) {
        try {
            return mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored endpoint is not JSON", e);
        }
    }
}
