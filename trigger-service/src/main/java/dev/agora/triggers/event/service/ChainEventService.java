package dev.agora.triggers.event.service;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.common.retry.NotReadyException;
import dev.agora.triggers.engine.CompiledTrigger;
import dev.agora.triggers.engine.EngineEvent;
import dev.agora.triggers.engine.TriggerIndex;
import dev.agora.triggers.evaluation.service.EventEvaluator;
import dev.agora.triggers.event.repository.ChainEvent;
import dev.agora.triggers.event.repository.ChainEventQuery;
import dev.agora.triggers.event.repository.ChainEventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Ingests batches of chain events: validated one by one, stored once by id (append-only), and only the new ones run
 * through the triggers listening on their chain and registry, in block order, in the same transaction.
 */
@ApplicationScoped
public class ChainEventService {
    public static final int MAX_BATCH = 1000;
    private static final Pattern AGENT_ID = Pattern.compile("^[0-9]{1,78}$");
    private static final Comparator<ChainEvent> BLOCK_ORDER = Comparator.comparingLong(ChainEvent::chainId)
            .thenComparingLong(ChainEvent::blockNumber).thenComparingInt(ChainEvent::logIndex);

    private final ChainEventRepository events;
    private final EventEvaluator evaluator;
    private final TriggerIndex index;

    public ChainEventService(ChainEventRepository events, EventEvaluator evaluator, TriggerIndex index) {
        this.events = events;
        this.evaluator = evaluator;
        this.index = index;
    }

    /** A batch read and validated, before anything is written. */
    public record Batch(List<ChainEvent> valid, List<String> repeatedInBatch, List<FieldError> errors, int received) {
    }

    /** Validates the request body {@code {"events": [...], "allOrNothing": false}}; throws 400 for a malformed batch. */
    public Batch read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("events", "the body must be {\"events\": [...]}");
        }
        JsonNode list = body.get("events");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
            throw ProblemException.badRequest("events", "must be a list of 1 to " + MAX_BATCH + " events");
        }
        JsonNode allOrNothing = body.get("allOrNothing");
        if (allOrNothing != null && !allOrNothing.isBoolean()) {
            throw ProblemException.badRequest("allOrNothing", "must be true or false");
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, ChainEvent> valid = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ChainEvent event = ChainEventValidator.read(list.get(i), i, errors);
            if (event != null && valid.putIfAbsent(event.id(), event) != null) {
                repeated.add(event.id());
            }
        }
        if (!errors.isEmpty() && allOrNothing != null && allOrNothing.booleanValue()) {
            throw ProblemException.invalid(errors);
        }
        return new Batch(List.copyOf(valid.values()), repeated, errors, list.size());
    }

    /** Answers 503 (nothing stored) until the trigger index is loaded: stored events would not be evaluated again. */
    @WithOutboxTransaction
    public Uni<IngestResult> ingest(Batch batch) {
        if (!index.isLoaded()) {
            return Uni.createFrom().failure(new NotReadyException("the trigger index is not loaded yet"));
        }
        return events.insertNew(batch.valid()).chain(inserted -> {
            List<ChainEvent> fresh = batch.valid().stream().filter(e -> inserted.contains(e.id())).sorted(BLOCK_ORDER).toList();
            List<String> duplicates = new ArrayList<>(batch.valid().stream().map(ChainEvent::id)
                    .filter(id -> !inserted.contains(id)).toList());
            duplicates.addAll(batch.repeatedInBatch());
            return evaluator.process(fresh.stream().map(this::work).toList())
                    .map(firings -> new IngestResult(batch.received(), fresh.size(), duplicates.size(),
                            batch.received() - fresh.size() - duplicates.size(), firings.size(),
                            batch.valid().stream().map(ChainEvent::id).filter(inserted::contains).toList(), duplicates,
                            batch.errors()));
        });
    }

    private EventEvaluator.Work work(ChainEvent event) {
        EngineEvent engineEvent = event.toEngineEvent();
        List<CompiledTrigger> triggers = index.matching(CompiledTrigger.chainKey(event.chainId(), event.registry()),
                engineEvent);
        return new EventEvaluator.Work(engineEvent, EventEvaluator.CHAIN, triggers);
    }

    /** Chain events are public data: any signed-in user may read them. Newest block time first. */
    @WithSession
    public Uni<Page<ObjectNode>> list(String agentId, String chainId, String registry, String eventType, String from,
            String to, String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        String agent = blankToNull(agentId);
        if (agent != null && !AGENT_ID.matcher(agent).matches()) {
            errors.add(new FieldError("agentId", "must be a decimal agent id"));
        }
        Long chain = null;
        if (blankToNull(chainId) != null) {
            try {
                chain = Long.parseLong(chainId.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("chainId", "must be a whole number"));
            }
        }
        String reg = blankToNull(registry);
        if (reg != null && !ChainEventValidator.REGISTRIES.contains(reg)) {
            errors.add(new FieldError("registry", "must be one of identity, reputation, validation"));
        }
        String type = blankToNull(eventType);
        if (type != null && type.length() > 100) {
            errors.add(new FieldError("eventType", "must be at most 100 characters"));
        }
        Long fromSeconds = time("from", from, errors);
        Long toSeconds = time("to", to, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Long afterTimestamp = null;
        String afterId = null;
        if (page.hasCursor()) {
            try {
                afterTimestamp = Long.parseLong(page.cursor()[0]);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
            }
            afterId = page.cursor()[1];
        }
        ChainEventQuery query = new ChainEventQuery(agent == null ? null : new BigInteger(agent).toString(), chain,
                reg, type, fromSeconds, toSeconds, afterTimestamp, afterId, page.limit());
        return events.list(query).map(rows -> Page.of(rows, page.limit(), ChainEvent::toJson,
                last -> PageRequest.encodeCursor(last.timestamp(), last.id())));
    }

    /** Unix seconds or an ISO-8601 instant. */
    private static Long time(String name, String value, List<FieldError> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(text).getEpochSecond();
            } catch (DateTimeParseException ignored) {
                errors.add(new FieldError(name, "must be unix seconds or an ISO-8601 instant"));
                return null;
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
