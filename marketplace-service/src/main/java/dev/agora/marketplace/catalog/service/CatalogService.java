package dev.agora.marketplace.catalog.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogRow;
import dev.agora.marketplace.catalog.repository.CatalogSearchRepository;
import dev.agora.marketplace.catalog.repository.CatalogSql;
import dev.agora.marketplace.catalog.model.AgentProfileView;
import dev.agora.marketplace.catalog.model.CatalogAgentView;
import dev.agora.marketplace.catalog.model.CatalogPageView;
import io.smallrye.mutiny.Uni;

/** The public catalog: listed (published, active, not deleted) agents only, to anyone. */
@ApplicationScoped
public class CatalogService {
    public static final int CURSOR_PARTS = 3;
    static final int RECENT_REVIEWS = 5;
    private static final int MAX_TEXT = 200;
    private static final int MAX_TAGS = 20;
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9-]{1,100}$");

    private final CatalogSearchRepository search;
    private final ObjectMapper mapper;

    public CatalogService(CatalogSearchRepository search, ObjectMapper mapper) {
        this.search = search;
        this.mapper = mapper;
    }

    /** The raw query parameters of {@code GET /api/marketplace/agents}. */
    public record ListParams(String q, String category, String domain, String tag, String tags, String tagMatch,
            String type, String minPrice, String maxPrice, String minRating, String verified, String availability,
            String sort, String facets, String limit, String cursor) {
    }

    public Uni<CatalogPageView> list(ListParams params) {
        List<FieldError> errors = new ArrayList<>();
        CatalogFilter filter = filter(params, errors);
        String sortParam = blankToNull(params.sort());
        CatalogSort sort = sortParam == null ? (filter.text() != null ? CatalogSort.RELEVANCE : CatalogSort.NEWEST)
                : CatalogSort.fromParam(sortParam);
        if (sort == null) {
            errors.add(new FieldError("sort", "must be one of relevance, newest, rating, popularity, price, price_desc"));
        } else if (sort == CatalogSort.RELEVANCE && filter.text() == null) {
            errors.add(new FieldError("sort", "relevance needs a search text q"));
        }
        Boolean withFacets = bool(params.facets(), "facets", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        PageRequest page = PageRequest.of(params.limit(), params.cursor(), CURSOR_PARTS);
        Object afterKey = null;
        UUID afterId = null;
        if (page.hasCursor()) {
            if (!sort.param.equals(page.cursor()[0])) {
                throw ProblemException.badRequest("cursor", "belongs to another sort than " + sort.param);
            }
            try {
                afterKey = sort.parseKey(page.cursor()[1]);
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("cursor", "is not a cursor returned by this list");
            }
            afterId = page.uuidAt(2);
        }
        CatalogSort chosen = sort;
        Uni<CatalogPageView> items = search.page(filter, sort, afterKey, afterId, page.limit() + 1).map(hits -> {
            boolean more = hits.size() > page.limit();
            List<CatalogSearchRepository.Hit> shown = more ? hits.subList(0, page.limit()) : hits;
            CatalogSearchRepository.Hit last = more ? shown.get(shown.size() - 1) : null;
            return new CatalogPageView(shown.stream().map(hit -> card(hit.row())).toList(),
                    last == null ? null : PageRequest.encodeCursor(chosen.param, last.sortKey(), last.row().id()), null);
        });
        if (!Boolean.TRUE.equals(withFacets)) {
            return items;
        }
        // one after the other: the reactive client runs a connection's statements in order anyway
        return items.chain(view -> search.facets(CatalogSql.categoryFacets(filter))
                .chain(categories -> search.facets(CatalogSql.domainFacets(filter))
                        .map(domains -> new CatalogPageView(view.items(), view.nextCursor(),
                                new CatalogPageView.Facets(categories, domains)))));
    }

    /** A listed agent's profile, by id or by slug; anything else answers 404. */
    public Uni<AgentProfileView> profile(String idOrSlug) {
        return resolveListed(idOrSlug)
                .chain(row -> search.ratingBreakdown(row.id())
                        .chain(breakdown -> search.recentReviews(row.id(), RECENT_REVIEWS)
                                .map(reviews -> new AgentProfileView(card(row), row.coverImageUrl(),
                                        json(row.skillsJson()), breakdown, reviews))));
    }

    /** A listed agent by id or slug, or a 404 failure. */
    public Uni<CatalogRow> resolveListed(String idOrSlug) {
        UUID id = parseUuid(idOrSlug);
        if (id == null && !SLUG.matcher(idOrSlug).matches()) {
            return Uni.createFrom().failure(ProblemException.notFound("agent " + idOrSlug));
        }
        return search.findListed(id, id == null ? idOrSlug : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + idOrSlug));
    }

    public Uni<AgentProfileView.RatingBreakdown> ratingBreakdown(UUID agentId) {
        return search.ratingBreakdown(agentId);
    }

    /** Whether an agent is listed: only those can be hired and followed. */
    public Uni<CatalogRow> findListed(UUID id) {
        return search.findListed(id, null);
    }

    public CatalogAgentView card(CatalogRow row) {
        return new CatalogAgentView(row.id(), row.slug(), row.name(), row.tagline(), row.description(),
                row.subdomain(), row.repoOwner(), row.category(), row.tags(), row.type(), json(row.domainsJson()),
                row.avatarUrl(), row.priceMicroalgo(),
                new CatalogAgentView.Pricing(row.priceAmount(), row.priceAsset(), row.hourlyRate(),
                        row.subscriptionMonthly()),
                row.availability(), row.verified(), row.rating(), row.reviewCount(), row.hireCount(),
                row.followerCount(), row.publishedVersion(), row.publishedAt(), row.createdAt(), row.updatedAt());
    }

    private CatalogFilter filter(ListParams params, List<FieldError> errors) {
        String text = blankToNull(params.q());
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(new FieldError("q", "must be at most " + MAX_TEXT + " characters"));
        } else if (text != null && CatalogSql.prefixQuery(text) == null) {
            errors.add(new FieldError("q", "must contain a letter or a digit"));
        }
        String category = blankToNull(params.category());
        if (category != null && !CatalogRules.CATEGORIES.contains(category)) {
            errors.add(new FieldError("category", "must be one of " + String.join(", ", CatalogRules.CATEGORIES)));
        }
        String domain = blankToNull(params.domain());
        if (domain != null && !SLUG.matcher(domain).matches()) {
            errors.add(new FieldError("domain", "must be a domain slug: lowercase letters, digits and hyphens"));
        }
        Set<String> tags = new LinkedHashSet<>();
        String tag = blankToNull(params.tag());
        if (tag != null) {
            checkTag("tag", tag, errors);
            tags.add(tag);
        }
        String tagList = blankToNull(params.tags());
        if (tagList != null) {
            Arrays.stream(tagList.split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(t -> {
                checkTag("tags", t, errors);
                tags.add(t);
            });
            if (tags.size() > MAX_TAGS) {
                errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags"));
            }
        }
        String tagMatch = blankToNull(params.tagMatch());
        if (tagMatch != null && !tagMatch.equals("any") && !tagMatch.equals("all")) {
            errors.add(new FieldError("tagMatch", "must be any or all"));
        }
        String type = blankToNull(params.type());
        if (type != null && !CatalogRules.TYPES.contains(type)) {
            errors.add(new FieldError("type", "must be one of " + String.join(", ", CatalogRules.TYPES)));
        }
        Long minPrice = amount(params.minPrice(), "minPrice", errors);
        Long maxPrice = amount(params.maxPrice(), "maxPrice", errors);
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            errors.add(new FieldError("maxPrice", "must not be below minPrice"));
        }
        BigDecimal minRating = null;
        String rating = blankToNull(params.minRating());
        if (rating != null) {
            try {
                minRating = new BigDecimal(rating);
                if (minRating.compareTo(BigDecimal.ZERO) < 0 || minRating.compareTo(BigDecimal.valueOf(5)) > 0) {
                    errors.add(new FieldError("minRating", "must be between 0 and 5"));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("minRating", "must be a number between 0 and 5"));
            }
        }
        Boolean verified = bool(params.verified(), "verified", errors);
        String availability = blankToNull(params.availability());
        if (availability != null && !CatalogRules.AVAILABILITIES.contains(availability)) {
            errors.add(new FieldError("availability", "must be one of " + String.join(", ", CatalogRules.AVAILABILITIES)));
        }
        return new CatalogFilter(text, category, domain, List.copyOf(tags), "all".equals(tagMatch), type, minPrice,
                maxPrice, minRating, verified, availability);
    }

    private static void checkTag(String field, String tag, List<FieldError> errors) {
        if (tag.length() > CatalogRules.MAX_TAG_LENGTH) {
            errors.add(new FieldError(field, "a tag is at most " + CatalogRules.MAX_TAG_LENGTH + " characters"));
        }
    }

    private static Long amount(String value, String field, List<FieldError> errors) {
        String amount = blankToNull(value);
        if (amount == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(amount);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        errors.add(new FieldError(field, "must be a whole amount in minor units, at least 0"));
        return null;
    }

    private static Boolean bool(String value, String field, List<FieldError> errors) {
        String flag = blankToNull(value);
        if (flag == null) {
            return null;
        }
        return switch (flag) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                errors.add(new FieldError(field, "must be true or false"));
                yield null;
            }
        };
    }

    private JsonNode json(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog row holds invalid JSON", e);
        }
    }

    private static UUID parseUuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
