package dev.agora.marketplace;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;

/**
 * Events as marketplace-service (tasks, transactions, reviews, follows) and deployment-service (deployments,
 * executions) publish them, with chosen times, built without going through the REST API; sent in one batch by one
 * producer. Each event keeps its ce_id, so sending one twice is a redelivery.
 */
final class FactEvents {
    static final String MARKETPLACE = "marketplace.v1";
    static final String DEPLOYMENTS = "deployments.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Event(String topic, String key, String id, String type, String body) {
    }

    private FactEvents() {
    }

    /** A task's snapshot event in {@code status}; null times are absent from the snapshot (JSON null). */
    static Event task(UUID taskId, UUID agentId, UUID hirer, UUID owner, String status, Instant createdAt,
            Instant startedAt, Instant finishedAt) {
        Instant updatedAt = finishedAt != null ? finishedAt : startedAt != null ? startedAt : createdAt;
        ObjectNode task = JSON.createObjectNode().put("id", taskId.toString()).put("agentId", agentId.toString())
                .put("hirerId", hirer.toString()).put("ownerId", owner.toString()).put("title", "Audit")
                .put("description", "Find the bugs").putNull("taskType").put("status", status).put("priority", "medium")
                .putNull("budget").put("paymentType", "fixed").putNull("dueDate")
                .put("startedAt", text(startedAt)).put("finishedAt", text(finishedAt)).putNull("failureReason")
                .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
        ObjectNode body = JSON.createObjectNode().put("taskId", taskId.toString()).put("agentId", agentId.toString())
                .put("hirerId", hirer.toString()).put("ownerId", owner.toString())
                .put("actorId", ("created".equals(verb(status)) || "cancelled".equals(status) ? hirer : owner).toString());
        body.set("task", task);
        return event(MARKETPLACE, agentId, "agora.task." + verb(status) + ".v1", body);
    }

    /** A finished task (completed or failed) created an hour before it finished, started 30 minutes in. */
    static Event finishedTask(UUID agentId, UUID owner, boolean completed, Instant finishedAt) {
        return task(UUID.randomUUID(), agentId, UUID.randomUUID(), owner, completed ? "completed" : "failed",
                finishedAt.minusSeconds(3600), finishedAt.minusSeconds(1800), finishedAt);
    }

    static Event transaction(UUID transactionId, UUID agentId, UUID owner, String status, BigDecimal amount,
            BigDecimal refunded, Instant createdAt, Instant confirmedAt, Instant refundedAt, Instant failedAt) {
        UUID payer = UUID.randomUUID();
        ObjectNode tx = JSON.createObjectNode().put("id", transactionId.toString()).put("userId", payer.toString())
                .put("agentId", agentId.toString()).putNull("taskId")
                .put("signature", "sig-" + transactionId.toString().replace("-", "")).put("type", "payment")
                .put("amount", amount).put("refundedAmount", refunded).put("asset", "ALGO").put("chain", "algorand")
                .put("status", status).putNull("failureReason").put("createdAt", createdAt.toString())
                .put("confirmedAt", text(confirmedAt)).put("failedAt", text(failedAt)).put("refundedAt", text(refundedAt));
        ObjectNode body = JSON.createObjectNode().put("transactionId", transactionId.toString())
                .put("agentId", agentId.toString()).put("userId", payer.toString()).put("ownerId", owner.toString())
                .putNull("taskId");
        body.set("transaction", tx);
        return event(MARKETPLACE, agentId, "agora.transaction." + status + ".v1", body);
    }

    static Event payment(UUID agentId, UUID owner, String amount, Instant confirmedAt) {
        return transaction(UUID.randomUUID(), agentId, owner, "confirmed", new BigDecimal(amount), BigDecimal.ZERO,
                confirmedAt.minusSeconds(60), confirmedAt, null, null);
    }

    static Event review(UUID reviewId, UUID agentId, UUID owner, int rating, Integer responseTime, Integer quality,
            Integer communication, Integer value, Instant createdAt) {
        UUID taskId = UUID.randomUUID();
        UUID reviewer = UUID.randomUUID();
        ObjectNode review = JSON.createObjectNode().put("id", reviewId.toString()).put("taskId", taskId.toString())
                .put("agentId", agentId.toString()).put("reviewerId", reviewer.toString()).put("rating", rating)
                .put("responseTimeRating", responseTime).put("qualityRating", quality)
                .put("communicationRating", communication).put("valueRating", value).putNull("title").putNull("text")
                .put("wouldHireAgain", true).putNull("ownerReply").putNull("repliedAt")
                .put("createdAt", createdAt.toString());
        review.putArray("pros");
        review.putArray("cons");
        ObjectNode body = JSON.createObjectNode().put("reviewId", reviewId.toString()).put("agentId", agentId.toString())
                .put("taskId", taskId.toString()).put("reviewerId", reviewer.toString());
        body.set("review", review);
        return event(MARKETPLACE, agentId, "agora.review.submitted.v1", body);
    }

    static Event review(UUID agentId, UUID owner, int rating, Instant createdAt) {
        return review(UUID.randomUUID(), agentId, owner, rating, null, null, null, null, createdAt);
    }

    static Event follow(UUID agentId, UUID user, boolean following, Instant at) {
        ObjectNode body = JSON.createObjectNode().put("agentId", agentId.toString()).put("userId", user.toString());
        if (following) {
            body.put("followedAt", at.toString());
        } else {
            body.put("unfollowedAt", at.toString()).put("reason", "unfollowed");
        }
        return event(MARKETPLACE, agentId, following ? "agora.agent.followed.v1" : "agora.agent.unfollowed.v1", body);
    }

    static Event deployment(UUID deploymentId, UUID agentId, UUID owner, String status, Instant createdAt,
            Instant startedAt, Instant deployedAt, Instant completedAt) {
        ObjectNode deployment = JSON.createObjectNode().put("id", deploymentId.toString()).put("agentId", agentId.toString())
                .put("ownerId", owner.toString()).put("version", 1).put("status", status).put("triggerType", "manual")
                .put("createdAt", createdAt.toString()).put("startedAt", text(startedAt))
                .put("deployedAt", text(deployedAt)).put("completedAt", text(completedAt));
        ObjectNode body = JSON.createObjectNode().put("deploymentId", deploymentId.toString())
                .put("agentId", agentId.toString()).put("ownerId", owner.toString());
        body.set("deployment", deployment);
        String verb = switch (status) {
            case "pending" -> "requested";
            case "deploying" -> "started";
            default -> status;
        };
        return event(DEPLOYMENTS, agentId, "agora.deployment." + verb + ".v1", body);
    }

    static Event execution(UUID agentId, UUID owner, boolean success, long durationMs, Instant completedAt) {
        ObjectNode body = JSON.createObjectNode().put("executionId", UUID.randomUUID().toString())
                .put("agentId", agentId.toString()).put("ownerId", owner.toString()).putNull("deploymentId")
                .put("success", success).put("durationMs", durationMs).putNull("costUsd")
                .put("completedAt", completedAt.toString());
        return event(DEPLOYMENTS, agentId, "agora.execution.completed.v1", body);
    }

    /** Sends every event in order with one producer, and returns their distinct ids. */
    static List<String> send(List<Event> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEvents.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (Event event : events) {
                List<Header> headers = new ArrayList<>();
                TopicReader.cloudEvent(event.id(), event.type(), event.key(), audienceOf(event)).forEach((name, value) ->
                        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
                producer.send(new ProducerRecord<>(event.topic(), null, event.key(), event.body(), headers));
                if (!ids.contains(event.id())) {
                    ids.add(event.id());
                }
            }
            producer.flush();
        }
        return ids;
    }

    /** The audience the publisher gives the event: public for reviews, else the users the event names. */
    private static String audienceOf(Event event) {
        if ("agora.review.submitted.v1".equals(event.type())) {
            return TestEvents.PUBLIC_AUDIENCE;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode body = JSON.readTree(event.body());
            List<Object> users = new ArrayList<>();
            for (String field : List.of("userId", "ownerId", "hirerId")) {
                if (body.hasNonNull(field)) {
                    users.add(body.get(field).asText());
                }
            }
            return TestEvents.usersAudience(users.toArray());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Event event(String topic, UUID key, String type, ObjectNode body) {
        return new Event(topic, key.toString(), UUID.randomUUID().toString(), type, body.toString());
    }

    private static String verb(String status) {
        return switch (status) {
            case "pending" -> "created";
            case "in_progress" -> "started";
            default -> status;
        };
    }

    private static String text(Instant value) {
        return value == null ? null : value.toString();
    }
}
