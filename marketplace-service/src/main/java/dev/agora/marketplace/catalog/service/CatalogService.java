package dev.agora.marketplace.catalog.service;

import java.time.Instant;
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
        Instant afterCreatedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterId = page.hasCursor() ? page.uuidAt(1) : null;
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
