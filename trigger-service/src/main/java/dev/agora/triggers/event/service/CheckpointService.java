package dev.agora.triggers.event.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.event.repository.Checkpoint;
import dev.agora.triggers.event.repository.CheckpointRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Where each chain's indexer got to. Any block number is accepted, lower ones too: after a reorg the indexer rewinds.
 */
@ApplicationScoped
public class CheckpointService {
    private static final Pattern HASH = Pattern.compile("^0x[0-9a-fA-F]{64}$");

    private final CheckpointRepository checkpoints;

    public CheckpointService(CheckpointRepository checkpoints) {
        this.checkpoints = checkpoints;
    }

    @WithSession
    public Uni<Checkpoint> get(long chainId) {
        checkChain(chainId);
        return checkpoints.find(chainId).onItem().ifNull().failWith(() -> ProblemException.notFound("checkpoint of chain " + chainId));
    }

    @WithTransaction
    public Uni<Checkpoint> put(long chainId, JsonNode body) {
        checkChain(chainId);
        List<FieldError> errors = new ArrayList<>();
        JsonNode number = body == null ? null : body.get("lastBlockNumber");
        if (number == null || !number.isIntegralNumber() || !number.canConvertToLong() || number.longValue() < 0) {
            errors.add(new FieldError("lastBlockNumber", "is required, a whole number >= 0"));
        }
        JsonNode hash = body == null ? null : body.get("lastBlockHash");
        if (hash == null || !hash.isTextual() || !HASH.matcher(hash.asText()).matches()) {
            errors.add(new FieldError("lastBlockHash", "is required, a 0x-prefixed 32-byte hex hash"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return checkpoints.save(chainId, number.longValue(), hash.asText());
    }

    private static void checkChain(long chainId) {
        if (chainId < 1) {
            throw ProblemException.badRequest("chainId", "must be a whole number >= 1");
        }
    }
}
