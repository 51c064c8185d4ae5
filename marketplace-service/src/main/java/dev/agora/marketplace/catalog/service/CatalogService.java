package dev.agora.marketplace.catalog.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogAgent;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import dev.agora.marketplace.catalog.rest.CatalogAgentView;
import io.smallrye.mutiny.Uni;

/** The public catalog: active agents only, to anyone. */
@ApplicationScoped
public class CatalogService {
    public static final int CURSOR_PARTS = 2;

    private final CatalogAgentRepository agents;

    public CatalogService(CatalogAgentRepository agents) {
        this.agents = agents;
    }

    public Uni<Page<CatalogAgentView>> listActive(String category, String tag, PageRequest page) {
        String categoryFilter = blankToNull(category);
        String tagFilter = blankToNull(tag);
        List<FieldError> errors = new ArrayList<>();
        if (categoryFilter != null && !CatalogRules.CATEGORIES.contains(categoryFilter)) {
            errors.add(new FieldError("category", "must be one of " + String.join(", ", CatalogRules.CATEGORIES)));
        }
        if (tagFilter != null && tagFilter.length() > CatalogRules.MAX_TAG_LENGTH) {
            errors.add(new FieldError("tag", "must be at most " + CatalogRules.MAX_TAG_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        Instant afterCreatedAt = null;
        UUID afterId = null;
        if (page.hasCursor()) {
            try {
                afterCreatedAt = Instant.parse(page.cursor()[0]);
                afterId = UUID.fromString(page.cursor()[1]);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                return Uni.createFrom().failure(ProblemException.badRequest("cursor", "is not a cursor returned by this list"));
            }
        }
        return agents.listActive(categoryFilter, tagFilter, afterCreatedAt, afterId, page.limit() + 1)
                .map(rows -> Page.of(rows, page.limit(), CatalogAgentView::of,
                        (CatalogAgent last) -> PageRequest.encodeCursor(last.createdAt, last.id)));
    }

    public Uni<CatalogAgentView> getActive(UUID id) {
        return agents.findActive(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + id))
                .map(CatalogAgentView::of);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
