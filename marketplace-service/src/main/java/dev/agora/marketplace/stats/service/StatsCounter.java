package dev.agora.marketplace.stats.service;

/** The additive columns of {@code agent_stats}: every fact contributes to them, and a change adds the difference. */
public enum StatsCounter {
    TASKS_COMPLETED("tasks_completed"),
    TASKS_FAILED("tasks_failed"),
    RESPONSE_SECONDS_SUM("response_seconds_sum"),
    RESPONSE_COUNT("response_count"),
    REVIEW_COUNT("review_count"),
    RATING_SUM("rating_sum"),
    RESPONSE_TIME_RATING_SUM("response_time_rating_sum"),
    RESPONSE_TIME_RATING_COUNT("response_time_rating_count"),
    QUALITY_RATING_SUM("quality_rating_sum"),
    QUALITY_RATING_COUNT("quality_rating_count"),
    COMMUNICATION_RATING_SUM("communication_rating_sum"),
    COMMUNICATION_RATING_COUNT("communication_rating_count"),
    VALUE_RATING_SUM("value_rating_sum"),
    VALUE_RATING_COUNT("value_rating_count"),
    HIRE_COUNT("hire_count"),
    FOLLOWER_COUNT("follower_count"),
    DEPLOYMENTS_TOTAL("deployments_total"),
    DEPLOYMENTS_SUCCESSFUL("deployments_successful"),
    DEPLOYMENTS_FAILED("deployments_failed"),
    EXECUTIONS_TOTAL("executions_total"),
    EXECUTIONS_SUCCESS("executions_success"),
    EXECUTIONS_ERROR("executions_error"),
    EXECUTION_MS_SUM("execution_ms_sum");

    public final String column;

    StatsCounter(String column) {
        this.column = column;
    }
}
