package dev.agora.gateway.apikey.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record CreateServiceAccountRequest(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Pattern(regexp = "^(ingestor|payments)$", message = "must be ingestor or payments") String role) {

    public CreateServiceAccountRequest {
        name = name == null ? null : name.strip();
    }
}
