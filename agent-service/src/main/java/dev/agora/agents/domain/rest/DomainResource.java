package dev.agora.agents.domain.rest;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.agents.domain.repository.DomainRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The ten domains an agent may claim; public. */
@Path("/api/agents/domains")
@Cancellable(false)
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class DomainResource {
    private final DomainRepository domains;

    public DomainResource(DomainRepository domains) {
        this.domains = domains;
    }

    @GET
    public Uni<List<DomainView>> list() {
        return domains.all().map(rows -> rows.stream()
                .map(d -> new DomainView(d.slug, d.name, d.icon, d.description)).toList());
    }

    @RegisterForReflection
    public record DomainView(String slug, String name, String icon, String description) {
    }
}
