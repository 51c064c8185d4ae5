package dev.agora.agents.agent.service;

import java.util.List;
import java.util.Set;

/** The registry's fixed vocabularies (the status state machine: {@link AgentStatus}). */
public final class AgentRules {
    public static final String DEFAULT_CATEGORY = "General";
    public static final long DEFAULT_PRICE_MICROALGO = 1_000_000L;

    public static final List<String> CATEGORIES = List.of("Data Analysis", "Content Creation", "Development", "Finance",
            "Social Media", "Media", "Language", "Marketing", "General");

    /** Subdomains that would shadow the platform's own hosts. */
    public static final Set<String> RESERVED_SUBDOMAINS = Set.of("www", "api", "admin", "app", "auth", "gateway",
            "dashboard", "docs", "status", "mail", "smtp", "ftp", "cdn", "static", "assets", "blog", "help", "support",
            "login", "console", "internal", "agora", "marketplace", "billing", "ns1", "ns2", "localhost");

    /** Slugs that would shadow the API's own paths under /api/agents/{slug}/card. */
    public static final Set<String> RESERVED_SLUGS = Set.of("templates", "domains", "from-template");

    /** The agent types; a request without a type registers an api agent. */
    public static final String CONTEXT = "context";
    public static final String API = "api";
    public static final String EXTERNAL = "external";
    public static final String DEFAULT_TYPE = API;

    public static final String MICROALGO = "microALGO";
    /** The largest JSON value an agent field holds (configurations, examples, the endpoint), in characters. */
    public static final int MAX_JSON_CHARS = 100_000;
    public static final String DEFAULT_AVAILABILITY = "available";

    /** Publication (MCP Registry model): draft → published → archived; publishing again freezes a new version. */
    public static final String DRAFT = "draft";
    public static final String PUBLISHED = "published";
    public static final String ARCHIVED = "archived";

    private AgentRules() {
    }
}
