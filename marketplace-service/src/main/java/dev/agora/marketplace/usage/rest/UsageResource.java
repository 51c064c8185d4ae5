package dev.agora.marketplace.usage.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.usage.model.UsageView;
import dev.agora.marketplace.usage.service.UsageService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own API usage, as the gateway recorded it. */
@Path("/api/marketplace/usage")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "usage")
public class UsageResource {
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final UsageService usage;
    private final CurrentUser user;

    public UsageResource(UsageService usage, CurrentUser user) {
        this.usage = usage;
        this.user = user;
    }

    @GET
    @Operation(summary = "My API usage per UTC day, endpoint and agent", description = "from/to: ISO dates"
            + " (inclusive; default the last 30 days up to today), at most 366 days apart.")
    public Uni<UsageView> usage(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate last = date("to", to, LocalDate.now(ZoneOffset.UTC));
        LocalDate first = date("from", from, last.minusDays(DEFAULT_DAYS - 1));
        if (first.isAfter(last)) {
            throw ProblemException.badRequest("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ProblemException.badRequest("from", "must be at most " + MAX_DAYS + " days before to");
        }
        return usage.between(user.id(), first, last);
    }

    private static LocalDate date(String field, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be a date like 2026-01-31");
        }
    }
}
