package dev.agora.common.usage;

/**
 * Response headers by which a service tells the gateway whom a request's usage record concerns. The gateway reads
 * them into {@code agora.usage.recorded.v1} and never passes them on to the client.
 */
public final class UsageHeaders {
    /** The id of the agent the request concerned. */
    public static final String AGENT = "Agora-Usage-Agent";
    /** What the request cost, a non-negative decimal amount of US dollars. */
    public static final String COST_USD = "Agora-Usage-Cost-Usd";

    private UsageHeaders() {
    }
}
