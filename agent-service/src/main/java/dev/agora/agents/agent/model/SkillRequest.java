package dev.agora.agents.agent.model;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A skill: name, category, level and years of experience. */
@RegisterForReflection
public record SkillRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 50) String category,
        @Pattern(regexp = "^(Beginner|Intermediate|Advanced|Expert)$", message = "must be one of Beginner, Intermediate, Advanced, Expert") String level,
        @DecimalMin("0") @DecimalMax("99.99") BigDecimal yearsExperience) {
}
