package dev.agora.marketplace;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.TestEvents;
import dev.agora.testsupport.TopicReader;

/**
 * An agent as agent-service would describe it on {@code agents.v1}: every change bumps {@code version} and
 * publishes the whole snapshot. Each method sends one event (unique ce_id) and returns that id.
 */
final class TestAgent {
    static final String TOPIC = "agents.v1";
    static final String REGISTERED = "agora.agent.registered.v1";
    static final String UPDATED = "agora.agent.updated.v1";
    static final String STATUS_CHANGED = "agora.agent.status-changed.v1";
    static final String DELETED = "agora.agent.deleted.v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private List<TopicReader.Outgoing> held;

    final UUID id = UUID.randomUUID();
    final UUID owner;
    String name = "Price oracle";
    String status = "pending";
    String category = "Finance";
    List<String> tags;
    long version;
    String description = "Reads prices";
    /** null: a snapshot from before publication existed (legacy), listed when active */
    String publicationStatus;
    /** the name in the frozen published snapshot, when it differs from the live draft */
    String publishedName;
    String slug;
    String tagline;
    String type;
    String availability;
    boolean verified;
    long priceAmount = 2_500_000L;
    String priceAsset = "microALGO";
    List<String> domains = List.of();
    List<String> skills = List.of();
    final Instant createdAt;
    Instant updatedAt;

    TestAgent(UUID owner, Instant createdAt, List<String> tags) {
        this.owner = owner;
        this.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = this.createdAt;
        this.tags = tags;
    }

    static TestAgent of(UUID owner, String... tags) {
        return new TestAgent(owner, Instant.now(), List.of(tags));
    }

    String register() {
        return send(REGISTERED, envelope());
    }

    /** pending → active, as agent-service publishes it after a successful deployment. */
    String registerActive() {
        register();
        return changeStatus("active");
    }

    String changeStatus(String newStatus) {
        String old = status;
        status = newStatus;
        bump();
        ObjectNode body = envelope().put("name", name).put("oldStatus", old).put("newStatus", newStatus);
        body.set("agent", body.remove("agent"));
        return send(STATUS_CHANGED, body);
    }

    String rename(String newName) {
        name = newName;
        bump();
        ObjectNode body = envelope();
        body.putArray("changedFields").add("name");
        return send(UPDATED, body);
    }

    String delete() {
        status = "deleted";
        bump();
        return send(DELETED, envelope());
    }

    ObjectNode envelope() {
        ObjectNode body = JSON.createObjectNode().put("agentId", id.toString()).put("ownerId", owner.toString());
        body.set("agent", snapshot());
        if (publicationStatus != null) {
            if ("published".equals(publicationStatus)) {
                ObjectNode published = snapshot();
                if (publishedName != null) {
                    published.put("name", publishedName);
                }
                body.set("published", published);
            } else {
                body.putNull("published");
            }
        }
        return body;
    }

    ObjectNode snapshot() {
        ObjectNode agent = JSON.createObjectNode()
                .put("id", id.toString())
                .put("ownerId", owner.toString())
                .put("name", name)
                .put("description", description)
                .put("subdomain", "agent-" + id.toString().substring(0, 8))
                .put("repoOwner", "acme")
                .put("repoName", "oracle")
                .put("githubUrl", "https://github.com/acme/oracle")
                .putNull("agentAddress")
                .putNull("appId")
                .put("priceMicroalgo", 2_500_000L)
                .put("status", status)
                .put("runtimeStatus", "pending")
                .put("category", category)
                .put("dataInput", "a symbol")
                .put("exampleInput", "{\"symbol\":\"ALGO\"}")
                .put("exampleOutput", "{\"price\":0.2}")
                .put("version", version)
                .put("createdAt", createdAt.toString())
                .put("updatedAt", updatedAt.toString());
        tags.forEach(agent.putArray("tags")::add);
        if (publicationStatus != null) {
            agent.put("publicationStatus", publicationStatus)
                    .put("slug", slug)
                    .put("tagline", tagline)
                    .put("type", type)
                    .put("availability", availability)
                    .put("verified", verified)
                    .put("publishedVersion", "published".equals(publicationStatus) ? "1.0.0" : null);
            ObjectNode pricing = agent.putObject("pricing").put("amount", priceAmount).put("asset", priceAsset);
            pricing.putNull("hourlyRate");
            pricing.put("subscriptionMonthly", 9_000_000L);
            for (String domain : domains) {
                agent.withArray("domains").addObject().put("slug", domain).put("name", "Domain " + domain)
                        .put("primary", domain.equals(domains.get(0))).put("proficiency", 4);
            }
            for (String skill : skills) {
                agent.withArray("skills").addObject().put("name", skill).put("category", "General")
                        .put("level", "Expert").put("yearsExperience", 2.5);
            }
            agent.putNull("repoOwner").putNull("repoName").putNull("githubUrl");
        }
        return agent;
    }

    /** A published, active agent (the richer contract of this round), as agent-service publishes it. */
    static TestAgent published(UUID owner, String... tags) {
        TestAgent agent = of(owner, tags);
        agent.publicationStatus = "published";
        agent.slug = "agent-" + agent.id.toString().substring(0, 13);
        agent.tagline = "A helpful agent";
        agent.type = "api";
        agent.availability = "available";
        return agent;
    }

    /** Sends the current state as one update (what agent-service publishes after any change). */
    String update() {
        bump();
        ObjectNode body = envelope();
        body.putArray("changedFields").add("name");
        return send(UPDATED, body);
    }

    String send(String type, ObjectNode body) {
        return sendAs(UUID.randomUUID().toString(), type, body.toString());
    }

    /** Sends with a chosen ce_id: sending the same id twice is a redelivery. */
    String sendAs(String eventId, String type, String body) {
        // the audience agent-service gives an agent's events: its owner
        var headers = TopicReader.cloudEvent(eventId, type, id.toString(), TestEvents.usersAudience(owner));
        if (held != null) {
            held.add(new TopicReader.Outgoing(id.toString(), body, headers));
            return eventId;
        }
        TopicReader.send(TestEvents.bootstrapServers(), TOPIC, id.toString(), body, headers);
        return eventId;
    }

    /** From now on its events are added to {@code records}, to be sent together ({@link TopicReader#sendAll}). */
    TestAgent holdingEventsIn(List<TopicReader.Outgoing> records) {
        held = records;
        return this;
    }

    private void bump() {
        version++;
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
