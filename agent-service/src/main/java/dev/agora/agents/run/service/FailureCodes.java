package dev.agora.agents.run.service;

/** The {@code code} of a failed run, which says whose side the failure is on. */
public final class FailureCodes {
    public static final String AGENT_FAILED = "agent-failed";
    public static final String REJECTED = "rejected";
    public static final String CANCELED_BY_AGENT = "canceled-by-agent";
    public static final String MALFORMED_RESPONSE = "malformed-response";
    public static final String TIMEOUT = "timeout";
    public static final String NOT_DISPATCHABLE = "not-dispatchable";

    private FailureCodes() {
    }
}
