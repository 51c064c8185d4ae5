package dev.agora.agents.agent.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.repository.AgentRepository;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The public A2A AgentCard (protocol 0.3) of a published agent: what it does comes from the published version,
 * where to reach it from the live agent (its deployment, else its endpoint's URL, else its page on the platform).
 */
@ApplicationScoped
public class AgentCards {
    static final String PROTOCOL_VERSION = "0.3.0";

    private final AgentRepository agents;
    private final ObjectMapper mapper;
    private final String publicUrl;

    public AgentCards(AgentRepository agents, ObjectMapper mapper,
            @ConfigProperty(name = "agora.agents.public-url") String publicUrl) {
        this.agents = agents;
        this.mapper = mapper;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @WithSession
    public Uni<JsonNode> card(String slug) {
        return agents.findPublishedBySlug(slug)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("published agent " + slug))
                .map(this::card);
    }

    private JsonNode card(Agent agent) {
        JsonNode published = agent.publishedSnapshot;
        ObjectNode card = mapper.createObjectNode();
        card.put("protocolVersion", PROTOCOL_VERSION);
        card.put("name", published.path("name").asText());
        card.put("description", firstText(published, "description", "tagline", "name"));
        card.put("url", url(agent));
        card.put("preferredTransport", "JSONRPC");
        JsonNode metadata = published.path("metadata");
        ObjectNode provider = card.putObject("provider");
        provider.put("organization", metadata.hasNonNull("author") ? metadata.get("author").asText() : "Agora");
        provider.put("url", publicUrl);
        if (published.hasNonNull("avatarUrl")) {
            card.put("iconUrl", published.get("avatarUrl").asText());
        }
        card.put("version", agent.publishedVersion);
        String documentation = firstText(metadata, "documentationUrl", "documentation_url");
        if (documentation != null) {
            card.put("documentationUrl", documentation);
        }
        ObjectNode capabilities = card.putObject("capabilities");
        capabilities.put("streaming", false);
        capabilities.put("pushNotifications", false);
        capabilities.put("stateTransitionHistory", false);
        card.putArray("defaultInputModes").add("application/json").add("text/plain");
        card.putArray("defaultOutputModes").add("application/json").add("text/plain");
        card.set("skills", skills(published));
        card.put("supportsAuthenticatedExtendedCard", false);
        return card;
    }

    /** The declared skills, else the capabilities, else the agent itself as its one skill. */
    private ArrayNode skills(JsonNode published) {
        ArrayNode skills = mapper.createArrayNode();
        for (JsonNode skill : published.path("skills")) {
            String name = skill.path("name").asText();
            ObjectNode entry = skills.addObject();
            entry.put("id", idOf(name));
            entry.put("name", name);
            entry.put("description", name + " (" + skill.path("category").asText()
                    + (skill.hasNonNull("level") ? ", " + skill.get("level").asText() : "") + ")");
            entry.putArray("tags").add(skill.path("category").asText());
        }
        if (skills.isEmpty()) {
            for (JsonNode capability : published.path("capabilities")) {
                ObjectNode entry = skills.addObject();
                entry.put("id", idOf(capability.asText()));
                entry.put("name", capability.asText());
                entry.put("description", capability.asText());
                entry.set("tags", published.path("tags").deepCopy());
            }
        }
        if (skills.isEmpty()) {
            ObjectNode entry = skills.addObject();
            entry.put("id", published.path("slug").asText());
            entry.put("name", published.path("name").asText());
            entry.put("description", firstText(published, "description", "tagline", "name"));
            entry.set("tags", published.path("tags").isArray() ? published.path("tags").deepCopy() : mapper.createArrayNode());
        }
        return skills;
    }

    private String url(Agent agent) {
        if (agent.deploymentUrl != null) {
            return agent.deploymentUrl;
        }
        if (agent.endpoint != null && agent.endpoint.path("url").isTextual()) {
            String endpointUrl = withoutCredentials(agent.endpoint.path("url").asText());
            if (endpointUrl != null) {
                return endpointUrl;
            }
        }
        return publicUrl + "/agents/" + agent.slug;
    }

    /** Scheme, host, port and path only: user info and query parameters may carry secrets. */
    private static String withoutCredentials(String url) {
        try {
            URI uri = new URI(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String idOf(String name) {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return id.isEmpty() ? "skill" : id;
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            if (node.hasNonNull(field) && !node.get(field).asText().isBlank()) {
                return node.get(field).asText();
            }
        }
        return null;
    }
}
