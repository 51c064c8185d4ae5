package dev.agora.agents.agent.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.agents.agent.events.AgentEventLog;
import dev.agora.agents.agent.events.AgentView;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * What vouches for an agent: its access token ({@code agent_token}, done properly: 256 random bits shown
 * once, only the SHA-256 kept, published so deployment-service can recognise the agent's runtime) and the
 * {@code verified} flag only platform admins set.
 */
@ApplicationScoped
public class AgentCredentials {
    private final AgentService agents;
    private final AgentEventLog events;
    private final AgentViews views;
    private final SecureRandom random = new SecureRandom();

    public AgentCredentials(AgentService agents, AgentEventLog events, AgentViews views) {
        this.agents = agents;
        this.events = events;
        this.views = views;
    }

    /** Issues a new token, replacing any previous one; the answer is the only place the token ever appears. */
    @WithOutboxTransaction
    public Uni<IssuedToken> rotateToken(AgentViewer viewer, UUID id) {
        return agents.manageable(viewer, id).chain(agent -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = "agt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            agent.tokenHash = sha256Hex(token);
            agent.tokenRotatedAt = AgentService.now();
            agent.updatedAt = agent.tokenRotatedAt;
            return agents.flush().chain(() -> events.tokenRotated(agent))
                    .map(ignored -> new IssuedToken(agent.id, token, agent.tokenRotatedAt));
        });
    }

    /** Platform admins only: others get 403 for an agent they can see, 404 otherwise. Same value: no change. */
    @WithOutboxTransaction
    public Uni<AgentView> setVerified(AgentViewer viewer, UUID id, boolean verified) {
        return agents.visible(viewer, id).chain(agent -> {
            if (!viewer.platformAdmin()) {
                throw ProblemException.forbidden("only platform admins verify agents");
            }
            if (agent.verified == verified) {
                return Uni.createFrom().item(views.of(agent));
            }
            agent.verified = verified;
            agent.updatedAt = AgentService.now();
            return agents.flush().chain(() -> events.verified(agent)).map(ignored -> views.of(agent));
        });
    }

    /** Lowercase hex SHA-256 of the UTF-8 text: the form stored and published. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @RegisterForReflection
    public record IssuedToken(UUID agentId, String token, Instant rotatedAt) {
    }
}
