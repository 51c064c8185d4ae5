package dev.agora.agents.agent.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The agent's on-chain identity; the address format depends on the chain (checked by the service). */
@RegisterForReflection
public record OnChainRequest(
        @NotBlank @Pattern(regexp = "^(algorand|solana|ethereum)$", message = "must be one of algorand, solana, ethereum") String chain,
        @Positive Long chainId,
        @NotBlank @Size(max = 100) String address,
        @PositiveOrZero Long appId,
        @Size(max = 100) @Pattern(regexp = "^[0-9]{1,78}$", message = "must be a decimal ERC-8004 agent id") String erc8004AgentId) {
}
