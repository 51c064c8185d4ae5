package dev.agora.agents.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agora.agents.agent.model.PricingRequest;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.service.AgentPricing;
import dev.agora.common.problem.FieldError;

class AgentPricingTest {

    private static Agent agent() {
        Agent agent = new Agent();
        agent.pricingAsset = "microALGO";
        agent.pricingAmount = 1_000_000;
        agent.priceMicroalgo = 1_000_000;
        return agent;
    }

    private static List<String> apply(Agent agent, PricingRequest pricing, Long priceMicroalgo, List<String> errors) {
        List<String> changed = new ArrayList<>();
        List<FieldError> found = new ArrayList<>();
        AgentPricing.apply(agent, pricing, priceMicroalgo, changed, found);
        found.forEach(error -> errors.add(error.field()));
        return changed;
    }

    @Test
    void aMicroalgoPriceIsOneAmountWithPriceMicroalgo() {
        Agent agent = agent();
        List<String> errors = new ArrayList<>();
        assertEquals(List.of("pricing", "priceMicroalgo"),
                apply(agent, new PricingRequest(2_000_000L, "microALGO", null, null), null, errors));
        assertEquals(2_000_000, agent.priceMicroalgo);

        assertEquals(List.of("priceMicroalgo", "pricing"), apply(agent, null, 3_000_000L, errors));
        assertEquals(3_000_000, agent.pricingAmount);
        assertEquals(List.of(), errors);
    }

    @Test
    void bothGivenMustAgreeWhileTheAssetIsMicroalgo() {
        List<String> errors = new ArrayList<>();
        assertEquals(List.of(), apply(agent(), new PricingRequest(5L, "microALGO", null, null), 6L, errors));
        assertEquals(List.of("priceMicroalgo"), errors);
    }

    @Test
    void anotherAssetLeavesPriceMicroalgoItsOwn() {
        Agent agent = agent();
        List<String> errors = new ArrayList<>();
        assertEquals(List.of("pricing"), apply(agent, new PricingRequest(500L, "USDC", 10L, null), null, errors));
        assertEquals(1_000_000, agent.priceMicroalgo);
        assertEquals(List.of("priceMicroalgo"), apply(agent, null, 7L, errors));
        assertEquals(500, agent.pricingAmount);
    }
}
