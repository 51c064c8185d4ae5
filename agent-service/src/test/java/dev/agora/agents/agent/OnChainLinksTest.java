package dev.agora.agents.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agora.agents.agent.model.OnChainRequest;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.service.OnChainLinks;
import dev.agora.common.problem.FieldError;

class OnChainLinksTest {
    private static final String ALGORAND = "A".repeat(58);
    private static final String EVM = "0x" + "ab".repeat(20);

    private record Outcome(List<String> changed, List<String> errors) {
    }

    private static Outcome apply(Agent agent, OnChainRequest onChain, String agentAddress, Long appId) {
        List<String> changed = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        OnChainLinks.apply(agent, onChain, agentAddress, appId, changed, errors);
        return new Outcome(changed, errors.stream().map(FieldError::field).toList());
    }

    @Test
    void anAlgorandLinkIsAlsoTheAgentsAlgorandAddressAndApplication() {
        Agent agent = new Agent();
        Outcome outcome = apply(agent, new OnChainRequest("algorand", null, ALGORAND, 42L, null), null, null);
        assertEquals(List.of("appId", "agentAddress", "onChain"), outcome.changed());
        assertEquals(ALGORAND, agent.agentAddress);
        assertEquals(42L, agent.appId);
    }

    @Test
    void anEvmLinkNeedsAChainIdAndLeavesTheAlgorandAddressEmpty() {
        assertEquals(List.of("onChain.chainId"),
                apply(new Agent(), new OnChainRequest("ethereum", null, EVM, null, null), null, null).errors());
        Agent agent = new Agent();
        agent.agentAddress = ALGORAND;
        Outcome outcome = apply(agent, new OnChainRequest("ethereum", 1L, EVM, null, "7"), null, null);
        assertEquals(List.of(), outcome.errors());
        assertNull(agent.agentAddress);
        assertEquals("ethereum", agent.chain);
    }

    @Test
    void eachChainTakesOnlyItsOwnAddressesAndFields() {
        assertEquals(List.of("onChain.address", "onChain.chainId", "onChain.erc8004AgentId"),
                apply(new Agent(), new OnChainRequest("algorand", 1L, EVM, null, "7"), null, null).errors());
        assertEquals(List.of("onChain.address", "onChain.appId"),
                apply(new Agent(), new OnChainRequest("solana", null, "0OIl", 3L, null), null, null).errors());
        assertEquals(List.of("onChain.address"),
                apply(new Agent(), new OnChainRequest("ethereum", 1L, ALGORAND, null, null), null, null).errors());
    }

    @Test
    void theOriginalAlgorandFieldsMustAgreeWithTheLink() {
        assertEquals(List.of("agentAddress", "appId"),
                apply(new Agent(), new OnChainRequest("algorand", null, ALGORAND, 1L, null), "B".repeat(58), 2L).errors());
    }

    @Test
    void anApplicationIdAloneIsRefusedOnAnotherChain() {
        Agent agent = new Agent();
        agent.chain = "ethereum";
        assertEquals(List.of("appId"), apply(agent, null, null, 5L).errors());
    }

    @Test
    void anAlgorandAddressAloneMakesTheLinkAnAlgorandOne() {
        Agent agent = new Agent();
        Outcome outcome = apply(agent, null, ALGORAND, null);
        assertEquals(List.of("agentAddress", "onChain"), outcome.changed());
        assertEquals("algorand", agent.chain);
        assertEquals(ALGORAND, agent.chainAddress);
    }
}
