package dev.agora.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.testsupport.EventContracts;
import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;

/**
 * The marketplace's side of hired work, as agent-service sees it: hires, cancellations and hirers' messages sent onto
 * {@code marketplace.v1}, and the {@code task-run.*} events awaited on {@code agents.v1} (each checked against its
 * published contract).
 */
final class TaskHires {
    static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventContracts CONTRACTS = new EventContracts(java.nio.file.Path.of("../contracts"));

    private TaskHires() {
    }

    record Hire(UUID taskId, UUID agentId, UUID hirerId, UUID ownerId) {
    }

    static Hire hire(String agentId, UUID ownerId, String title, String description) {
        Hire hire = new Hire(UUID.randomUUID(), UUID.fromString(agentId), UUID.randomUUID(), ownerId);
        send(hire, "agora.task.created.v1", title, description, "pending");
        return hire;
    }

    static String send(Hire hire, String type, String title, String description, String status) {
        String now = Instant.now().toString();
        String body = """
                {"taskId":"%1$s","agentId":"%2$s","hirerId":"%3$s","ownerId":"%4$s","actorId":"%3$s",
                 "task":{"id":"%1$s","agentId":"%2$s","hirerId":"%3$s","ownerId":"%4$s","title":%5$s,"description":%6$s,
                 "taskType":"research","status":"%7$s","priority":"medium","budget":null,"paymentType":"fixed",
                 "createdAt":"%8$s","updatedAt":"%8$s"}}""".formatted(hire.taskId, hire.agentId, hire.hirerId,
                hire.ownerId, quote(title), quote(description), status, now);
        return TestEvents.sendFor(TestEvents.usersAudience(hire.hirerId, hire.ownerId), "marketplace.v1",
                hire.agentId.toString(), type, body);
    }

    static String cancel(Hire hire) {
        return send(hire, "agora.task.cancelled.v1", "t", "d", "cancelled");
    }

    /** The hirer's (or {@code senderId}'s) message in the task's thread. */
    static String message(Hire hire, UUID senderId, String text) {
        UUID messageId = UUID.randomUUID();
        UUID recipient = senderId.equals(hire.hirerId) ? hire.ownerId : hire.hirerId;
        String body = """
                {"messageId":"%1$s","taskId":"%2$s","agentId":"%3$s","senderId":"%4$s","recipientId":"%5$s",
                 "message":{"id":"%1$s","taskId":"%2$s","senderId":"%4$s","recipientId":"%5$s","text":%6$s,
                 "readAt":null,"createdAt":"%7$s"}}""".formatted(messageId, hire.taskId, hire.agentId, senderId,
                recipient, quote(text), Instant.now());
        return TestEvents.sendFor(TestEvents.usersAudience(senderId, recipient), "marketplace.v1",
                hire.agentId.toString(), "agora.message.sent.v1", body);
    }

    /** The task-run event of {@code type} about the hire, checked against its contract. */
    static JsonNode await(TopicReader agents, Hire hire, String type) {
        TopicReader.Received record = agents.await(r -> type.equals(r.header("ce_type"))
                && hire.agentId.toString().equals(r.key()) && r.value().contains(hire.taskId.toString()), TIMEOUT);
        return checked(record, type);
    }

    static List<JsonNode> awaitAll(TopicReader agents, Hire hire, String type, int count) {
        return agents.awaitCount(r -> type.equals(r.header("ce_type")) && hire.agentId.toString().equals(r.key())
                && r.value().contains(hire.taskId.toString()), count, TIMEOUT).stream().map(r -> checked(r, type)).toList();
    }

    private static JsonNode checked(TopicReader.Received record, String type) {
        assertEquals(List.of(), CONTRACTS.violations("agents.v1", type, record.value()), type + " follows its contract");
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String quote(String text) {
        return JSON.valueToTree(text).toString();
    }
}
