package dev.agora.deployments.runtime.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.ProblemException;
import dev.agora.deployments.agentref.repository.KnownAgent;
import dev.agora.deployments.agentref.repository.KnownAgentRepository;
import dev.agora.deployments.deployment.repository.DeploymentRepository;
import io.smallrye.mutiny.Uni;

/**
 * Runtime reports authenticate with a token ({@code Authorization: Bearer <token>}) whose SHA-256 is either the hash
 * agent-service last published for a live agent, or the hash of the runtime token minted for the agent's current
 * (deploying or succeeded) deployment, which its pods read from their Secret. A wrong, rotated or deleted agent's
 * token, and the token of a stopped, cancelled, failed or superseded deployment, is 401.
 */
@ApplicationScoped
public class RuntimeAuth {
    private static final String BEARER = "Bearer ";

    private final KnownAgentRepository agents;
    private final DeploymentRepository deployments;

    public RuntimeAuth(KnownAgentRepository agents, DeploymentRepository deployments) {
        this.agents = agents;
        this.deployments = deployments;
    }

    public Uni<KnownAgent> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            return Uni.createFrom().failure(ProblemException.unauthorized("the agent's runtime token is required as a Bearer token"));
        }
        String hash = sha256(authorization.substring(BEARER.length()).strip());
        return agents.findByTokenHash(hash)
                .onItem().ifNull().switchTo(() -> deployments.findCurrentByRuntimeTokenHash(hash)
                        .onItem().ifNotNull().transformToUni(d -> agents.findLive(d.agentId)))
                .onItem().ifNull().failWith(() -> ProblemException.unauthorized("the runtime token is not valid for any live agent"));
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
