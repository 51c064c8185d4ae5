package dev.agora.common.deadletter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code <service admin path>/dead-letters}, the same for every service that consumes events: platform admins only
 * (401 without a token, 403 for anyone else, before the request is looked at). A subclass gives the path.
 */
@Authenticated
public abstract class DeadLettersResource {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_CHOSEN = 1000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final DeadLetters deadLetters;
    private final CurrentUser user;

    protected DeadLettersResource(DeadLetters deadLetters, CurrentUser user) {
        this.deadLetters = deadLetters;
        this.user = user;
    }

    /** One dead-letter topic's newest records. */
    public record Listing(String topic, List<DeadLetter> records) {
    }

    @GET
    @Path("dead-letters")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The records this service's consumers could not apply (platform admins)", description = "Per"
            + " dead-letter topic the service writes to (or only ?topic=), its newest records (?limit=, 1 to 1000,"
            + " default 100), oldest first, each with the event, its source topic position, which service gave it up"
            + " and why, and when this service replayed it.")
    public List<Listing> list(@QueryParam("topic") String topic, @QueryParam("limit") String limit) {
        user.requirePlatformAdmin("only platform admins read dead letters");
        int max = PageRequest.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        List<String> topics = topic == null ? List.copyOf(deadLetters.topics()) : List.of(known(topic, "topic"));
        return topics.stream().map(name -> new Listing(name, deadLetters.list(name, max))).toList();
    }

    @POST
    @Path("dead-letters/replay")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish dead-lettered records again to their source topic (platform admins)", description =
            "Either records: [{partition, offset}] of the topic, or all: true for every record this service"
            + " dead-lettered and has not replayed yet. Every consumer of the source topic receives each event again;"
            + " those that applied it before skip it by its id, so a replay is safe to repeat.")
    public ReplayResult replay(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReplayRequest.class))) String body) {
        user.requirePlatformAdmin("only platform admins replay dead letters");
        ReplayRequest request = parse(body);
        String topic = known(request.topic(), "topic");
        boolean all = Boolean.TRUE.equals(request.all());
        List<DeadLetters.Position> chosen = chosen(request, all);
        try {
            return deadLetters.replay(topic, chosen, all);
        } catch (DeadLetters.UnknownRecord e) {
            throw ProblemException.badRequest("records[" + e.index() + "]", e.getMessage());
        }
    }

    /** Read here, not by the framework, so that only an admin learns what is wrong with a body. */
    private ReplayRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("topic", "is required");
        }
        try {
            return JSON.readValue(body, ReplayRequest.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName()
                    : "[" + ref.getIndex() + "]").collect(Collectors.joining()).replaceFirst("^\\.", "");
            throw ProblemException.badRequest(field.isEmpty() ? "body" : field, "has the wrong type");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "is not JSON");
        }
    }

    private String known(String topic, String field) {
        if (topic == null || topic.isBlank()) {
            throw ProblemException.badRequest(field, "is required");
        }
        if (!deadLetters.topics().contains(topic)) {
            throw ProblemException.badRequest(field, "must be one of this service's dead-letter topics: " + deadLetters.topics());
        }
        return topic;
    }

    private static List<DeadLetters.Position> chosen(ReplayRequest request, boolean all) {
        List<ReplayRequest.Position> records = request.records() == null ? List.of() : request.records();
        if (all == !records.isEmpty()) {
            throw ProblemException.badRequest("records", "give either records or all: true");
        }
        if (records.size() > MAX_CHOSEN) {
            throw ProblemException.badRequest("records", "at most " + MAX_CHOSEN + " per replay");
        }
        List<FieldError> errors = new ArrayList<>();
        List<DeadLetters.Position> positions = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ReplayRequest.Position position = records.get(i);
            if (position == null || position.partition() == null || position.partition() < 0) {
                errors.add(new FieldError("records[" + i + "].partition", "must be a partition number (0 or more)"));
            } else if (position.offset() == null || position.offset() < 0) {
                errors.add(new FieldError("records[" + i + "].offset", "must be an offset (0 or more)"));
            } else {
                positions.add(new DeadLetters.Position(position.partition(), position.offset()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return positions;
    }
}
