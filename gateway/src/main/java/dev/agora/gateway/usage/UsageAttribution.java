package dev.agora.gateway.usage;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agora.common.usage.UsageHeaders;

/**
 * Which agent a request concerned and what it cost, for its usage record. The service that handled the request
 * knows best and may say so in response headers, which the gateway consumes and never passes on to the client:
 * {@value #AGENT_HEADER} (an agent id) and {@value #COST_HEADER} (a non-negative decimal amount of US dollars).
 * Without the agent header, a path that names an agent ({@code /api/agents/{id}…}, {@code /api/marketplace/agents/{id}…})
 * names it. A header that does not parse is ignored: usage is statistics and never fails a request.
 */
public final class UsageAttribution {
    public static final String AGENT_HEADER = UsageHeaders.AGENT;
    public static final String COST_HEADER = UsageHeaders.COST_USD;
    private static final Pattern AGENT_PATH = Pattern.compile(
            "^/api/(?:marketplace/)?agents/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:/.*)?$");
    /** The column is DECIMAL(8,4) per record in api_usage. */
    private static final BigDecimal MAX_COST = new BigDecimal("9999.9999");

    private UsageAttribution() {
    }

    public static boolean isAttributionHeader(String name) {
        return name.equalsIgnoreCase(AGENT_HEADER) || name.equalsIgnoreCase(COST_HEADER);
    }

    /** The agent the upstream named, else the one in the path; null when neither names one. */
    public static String agentOf(String path, String upstreamAgent) {
        String named = uuid(upstreamAgent);
        if (named != null) {
            return named;
        }
        Matcher matcher = AGENT_PATH.matcher(path);
        return matcher.matches() ? matcher.group(1).toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The cost the upstream reported, null when none (or not a non-negative amount within the column's range). */
    public static BigDecimal costOf(String upstreamCost) {
        if (upstreamCost == null || upstreamCost.isBlank() || upstreamCost.length() > 32) {
            return null;
        }
        try {
            BigDecimal cost = new BigDecimal(upstreamCost.trim());
            return cost.signum() < 0 || cost.compareTo(MAX_COST) > 0 ? null : cost;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String uuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
