package dev.agora.agents.agent.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Pricing: a price in minor units of {@code asset}, and optional hourly and monthly rates. */
@RegisterForReflection
public record PricingRequest(
        @NotNull @PositiveOrZero Long amount,
        @NotNull @Pattern(regexp = "^[A-Za-z][A-Za-z0-9]{1,19}$", message = "must be an asset code such as microALGO, lamports or USDC") String asset,
        @PositiveOrZero Long hourlyRate,
        @PositiveOrZero Long subscriptionMonthly) {
}
