package dev.agora.agents.agent.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.agent.events.AgentEventLog;
import dev.agora.agents.agent.events.AgentSnapshot;
import dev.agora.agents.agent.events.AgentView;
import dev.agora.agents.agent.repository.AgentVersion;
import dev.agora.agents.agent.repository.AgentVersionRepository;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Publication (versions, the MCP Registry's releases): {@code draft → published → archived}.
 * Publishing freezes the agent as it is into {@code agent_versions} under a semantic version; later edits change
 * the agent row, the working draft of the next version, while the catalog keeps showing the frozen one until the
 * next publish. Archiving withdraws it from the catalog; publishing again (a higher version) brings it back.
 */
@ApplicationScoped
public class AgentPublication {
    private final AgentService agents;
    private final AgentVersionRepository versions;
    private final AgentEventLog events;
    private final AgentViews views;
    private final ObjectMapper mapper;

    public AgentPublication(AgentService agents, AgentVersionRepository versions, AgentEventLog events,
            AgentViews views, ObjectMapper mapper) {
        this.agents = agents;
        this.versions = versions;
        this.events = events;
        this.views = views;
        this.mapper = mapper;
    }

    @WithOutboxTransaction
    public Uni<AgentView> publish(AgentViewer viewer, UUID id, String requestedVersion, String changes) {
        SemVer requested = null;
        if (requestedVersion != null) {
            requested = SemVer.parse(requestedVersion);
            if (requested == null) {
                throw ProblemException.badRequest("version", "must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0");
            }
        }
        SemVer chosen = requested;
        return agents.manageable(viewer, id).chain(agent -> {
            SemVer last = SemVer.parse(agent.publishedVersion);
            SemVer version = chosen != null ? chosen : last == null ? SemVer.FIRST : last.nextMinor();
            if (last != null && version.compareTo(last) <= 0) {
                throw ProblemException.conflict("version", "version " + version + " must be above the published "
                        + last);
            }
            return versions.exists(agent.id, version.toString()).chain(exists -> {
                if (exists) {
                    throw ProblemException.conflict("version", "version " + version + " was already published");
                }
                agent.publicationStatus = AgentRules.PUBLISHED;
                agent.publishedVersion = version.toString();
                agent.publishedAt = AgentService.now();
                agent.updatedAt = agent.publishedAt;
                // the flush below stores this snapshot and raises the agent's version by one
                JsonNode frozen = asParsed(AgentSnapshot.of(agent, agent.version + 1));
                agent.publishedSnapshot = frozen;
                AgentVersion row = new AgentVersion();
                row.id = UUID.randomUUID();
                row.agentId = agent.id;
                row.version = version.toString();
                row.changes = changes;
                row.snapshot = frozen;
                row.publishedAt = agent.publishedAt;
                row.publishedBy = viewer.userId();
                return versions.persist(row)
                        .chain(versions::flush)
                        .chain(() -> events.publishedVersion(agent, changes))
                        .map(ignored -> views.of(agent));
            });
        });
    }

    @WithOutboxTransaction
    public Uni<AgentView> archive(AgentViewer viewer, UUID id) {
        return agents.manageable(viewer, id).chain(agent -> {
            if (!AgentRules.PUBLISHED.equals(agent.publicationStatus)) {
                throw ProblemException.conflict("publicationStatus", "only a published agent can be archived; this one is "
                        + agent.publicationStatus);
            }
            agent.publicationStatus = AgentRules.ARCHIVED;
            agent.updatedAt = AgentService.now();
            return versions.flush().chain(() -> events.archived(agent)).map(ignored -> views.of(agent));
        });
    }

    /** The published versions of an agent the viewer may see, newest first. */
    @WithSession
    public Uni<List<PublishedVersion>> versions(AgentViewer viewer, UUID id) {
        return agents.visible(viewer, id).chain(agent -> versions.ofAgent(agent.id))
                .map(rows -> rows.stream().map(PublishedVersion::of).toList());
    }

    /**
     * The snapshot as a tree read from its JSON. Hibernate compares a JSON column with a copy read back from its JSON
     * to know if it changed, and a tree built from objects holds long numbers where one read back holds ints: it would
     * always look changed, and every flush would write the agent again (raising its version with no event).
     */
    private JsonNode asParsed(AgentSnapshot snapshot) {
        try {
            return mapper.readTree(mapper.writeValueAsString(snapshot));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the snapshot of agent " + snapshot.id(), e);
        }
    }

    @RegisterForReflection
    public record PublishedVersion(String version, String changes, java.time.Instant publishedAt, UUID publishedBy,
            JsonNode snapshot) {
        static PublishedVersion of(AgentVersion row) {
            return new PublishedVersion(row.version, row.changes, row.publishedAt, row.publishedBy, row.snapshot);
        }
    }
}
