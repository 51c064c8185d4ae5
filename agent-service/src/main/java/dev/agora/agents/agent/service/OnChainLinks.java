package dev.agora.agents.agent.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.agora.agents.agent.model.OnChainRequest;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.common.problem.FieldError;

/**
 * An agent's on-chain link: {@code onChain} {chain, chainId, address, appId, erc8004AgentId}, or the original
 * Algorand fields {@code agentAddress} and {@code appId}, which stay its Algorand view. The address must be one of
 * its chain (Algorand base32, Solana base58, EVM hex); a chain id and an ERC-8004 agent id apply to EVM chains only,
 * an application id to Algorand only.
 */
public final class OnChainLinks {
    private static final Pattern ALGORAND = Pattern.compile("^[A-Z2-7]{58}$");
    private static final Pattern SOLANA = Pattern.compile("^[1-9A-HJ-NP-Za-km-z]{32,44}$");
    private static final Pattern EVM = Pattern.compile("^0x[0-9a-fA-F]{40}$");

    private OnChainLinks() {
    }

    /** Applies the requested link to the agent, adding the fields that changed, or the errors found. */
    public static void apply(Agent agent, OnChainRequest onChain, String agentAddress, Long appId,
            List<String> changed, List<FieldError> errors) {
        if (onChain != null) {
            List<FieldError> found = errors(onChain);
            if (agentAddress != null && !("algorand".equals(onChain.chain()) && agentAddress.equals(onChain.address()))) {
                found.add(new FieldError("agentAddress", "must be left out or equal onChain.address (an Algorand address)"));
            }
            if (appId != null && !appId.equals(onChain.appId())) {
                found.add(new FieldError("appId", "must be left out or equal onChain.appId"));
            }
            if (!found.isEmpty()) {
                errors.addAll(found);
                return;
            }
            boolean differs = !onChain.chain().equals(agent.chain) || !Objects.equals(onChain.chainId(), agent.chainId)
                    || !onChain.address().equals(agent.chainAddress) || !Objects.equals(onChain.appId(), agent.appId)
                    || !Objects.equals(onChain.erc8004AgentId(), agent.erc8004AgentId);
            if (differs) {
                agent.chain = onChain.chain();
                agent.chainId = onChain.chainId();
                agent.chainAddress = onChain.address();
                agent.erc8004AgentId = onChain.erc8004AgentId();
                if (!Objects.equals(agent.appId, onChain.appId())) {
                    changed.add("appId");
                }
                agent.appId = onChain.appId();
                String algorandAddress = "algorand".equals(onChain.chain()) ? onChain.address() : null;
                if (!Objects.equals(agent.agentAddress, algorandAddress)) {
                    changed.add("agentAddress");
                }
                agent.agentAddress = algorandAddress;
                changed.add("onChain");
            }
            return;
        }
        // the original Algorand fields: an address makes the agent's on-chain link an Algorand one
        if (agentAddress != null && !agentAddress.equals(agent.agentAddress)) {
            agent.agentAddress = agentAddress;
            agent.chain = "algorand";
            agent.chainId = null;
            agent.chainAddress = agentAddress;
            agent.erc8004AgentId = null;
            changed.add("agentAddress");
            changed.add("onChain");
        }
        if (appId != null && !appId.equals(agent.appId)) {
            if (agent.chain != null && !"algorand".equals(agent.chain)) {
                errors.add(new FieldError("appId", "is an Algorand application id; this agent's chain is " + agent.chain));
                return;
            }
            agent.appId = appId;
            changed.add("appId");
            if (agent.chain != null) {
                changed.add("onChain");
            }
        }
    }

    static List<FieldError> errors(OnChainRequest onChain) {
        List<FieldError> errors = new ArrayList<>();
        switch (onChain.chain()) {
            case "algorand" -> {
                if (!ALGORAND.matcher(onChain.address()).matches()) {
                    errors.add(new FieldError("onChain.address", "must be a 58-character Algorand address (base32)"));
                }
            }
            case "solana" -> {
                if (!SOLANA.matcher(onChain.address()).matches()) {
                    errors.add(new FieldError("onChain.address", "must be a Solana address (base58, 32 to 44 characters)"));
                }
            }
            default -> {
                if (!EVM.matcher(onChain.address()).matches()) {
                    errors.add(new FieldError("onChain.address", "must be an EVM address: 0x and 40 hexadecimal digits"));
                }
            }
        }
        boolean evm = "ethereum".equals(onChain.chain());
        if (evm && onChain.chainId() == null) {
            errors.add(new FieldError("onChain.chainId", "is required for an EVM chain (1 = Ethereum mainnet, ...)"));
        }
        if (!evm && onChain.chainId() != null) {
            errors.add(new FieldError("onChain.chainId", "applies to EVM chains only"));
        }
        if (!evm && onChain.erc8004AgentId() != null) {
            errors.add(new FieldError("onChain.erc8004AgentId", "applies to EVM chains only"));
        }
        if (!"algorand".equals(onChain.chain()) && onChain.appId() != null) {
            errors.add(new FieldError("onChain.appId", "is an Algorand application id"));
        }
        return errors;
    }
}
