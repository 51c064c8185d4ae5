package dev.agora.agents.agent.service;

import java.util.List;
import java.util.Objects;

import dev.agora.agents.agent.model.PricingRequest;
import dev.agora.agents.agent.repository.Agent;
import dev.agora.common.problem.FieldError;

/**
 * An agent's price: {@code pricing} {amount, asset, hourlyRate, subscriptionMonthly}, or the original
 * {@code priceMicroalgo}, which stays the microALGO view of it: while the asset is microALGO the two are one amount,
 * and a request giving both must give the same.
 */
public final class AgentPricing {
    private AgentPricing() {
    }

    public static void apply(Agent agent, PricingRequest pricing, Long priceMicroalgo, List<String> changed,
            List<FieldError> errors) {
        if (pricing != null) {
            if (AgentRules.MICROALGO.equals(pricing.asset()) && priceMicroalgo != null
                    && !priceMicroalgo.equals(pricing.amount())) {
                errors.add(new FieldError("priceMicroalgo", "must equal pricing.amount when pricing.asset is microALGO"));
                return;
            }
            boolean differs = agent.pricingAmount != pricing.amount() || !pricing.asset().equals(agent.pricingAsset)
                    || !Objects.equals(agent.hourlyRate, pricing.hourlyRate())
                    || !Objects.equals(agent.subscriptionMonthly, pricing.subscriptionMonthly());
            if (differs) {
                agent.pricingAmount = pricing.amount();
                agent.pricingAsset = pricing.asset();
                agent.hourlyRate = pricing.hourlyRate();
                agent.subscriptionMonthly = pricing.subscriptionMonthly();
                changed.add("pricing");
            }
            if (AgentRules.MICROALGO.equals(pricing.asset()) && agent.priceMicroalgo != pricing.amount()) {
                agent.priceMicroalgo = pricing.amount();
                changed.add("priceMicroalgo");
            } else if (priceMicroalgo != null && agent.priceMicroalgo != priceMicroalgo) {
                agent.priceMicroalgo = priceMicroalgo;
                changed.add("priceMicroalgo");
            }
        } else if (priceMicroalgo != null && agent.priceMicroalgo != priceMicroalgo) {
            agent.priceMicroalgo = priceMicroalgo;
            changed.add("priceMicroalgo");
            if (AgentRules.MICROALGO.equals(agent.pricingAsset)) {
                agent.pricingAmount = priceMicroalgo;
                changed.add("pricing");
            }
        }
    }
}
