package dev.agora.marketplace.stats.repository;

import java.util.List;

/**
 * The rebuild: every total recomputed in one pass from the stored facts (after the facts missing for this service's
 * own rows, such as history from before the projection existed, are backfilled from its source tables). Written
 * independently of the incremental rules in {@code FactRules}, so comparing the two checks both.
 */
public final class StatsRebuildSql {
    /** Fact tables first, the derived ones last: the order in which a consumer's transaction takes its locks. */
    static final String LOCK = "lock table stats_task_facts, stats_transaction_facts, stats_review_facts,"
            + " stats_follow_facts, stats_deployment_facts, stats_execution_hourly, agent_stats, agent_activity_hourly"
            + " in share row exclusive mode";

    static final String BACKFILL_TASKS = "insert into stats_task_facts"
            + " (task_id, agent_id, status, created_at, started_at, finished_at, updated_at, dispatched_at,"
            + " first_progress_at)"
            + " select id, agent_id, status, created_at, started_at, finished_at, updated_at, dispatched_at,"
            + " first_progress_at from tasks"
            + " on conflict do nothing";
    static final String BACKFILL_TRANSACTIONS = "insert into stats_transaction_facts"
            + " (transaction_id, agent_id, status, amount, refunded_amount, confirmed_at, updated_at)"
            + " select id, agent_id, status, amount, refunded_amount, confirmed_at,"
            + " coalesce(refunded_at, failed_at, confirmed_at, created_at) from transactions where status <> 'pending'"
            // the ledger's own movements (chain agora) are not payments of the chain; deposits are nobody's earnings
            + " and chain <> 'agora' and transaction_type <> 'funding'"
            + " on conflict do nothing";
    static final String BACKFILL_REVIEWS = "insert into stats_review_facts (review_id, agent_id, rating,"
            + " response_time_rating, quality_rating, communication_rating, value_rating, created_at)"
            + " select id, agent_id, rating, response_time_rating, quality_rating, communication_rating, value_rating,"
            + " created_at from reviews on conflict do nothing";
    static final String BACKFILL_FOLLOWS = "insert into stats_follow_facts (agent_id, user_id, following, changed_at)"
            + " select agent_id, user_id, true, created_at from agent_followers on conflict do nothing";

    static final String CLEAR_STATS = "delete from agent_stats";
    /** The stored columns of {@code agent_stats}, in the order of {@link #STATS_SELECT}. */
    public static final String STATS_COLUMNS = "agent_id, tasks_completed, tasks_failed, response_seconds_sum,"
            + " response_count, total_earnings, review_count, rating_sum, response_time_rating_sum,"
            + " response_time_rating_count, quality_rating_sum, quality_rating_count, communication_rating_sum,"
            + " communication_rating_count, value_rating_sum, value_rating_count, hire_count, follower_count,"
            + " deployments_total, deployments_successful, deployments_failed, last_deployment_at, executions_total,"
            + " executions_success, executions_error, execution_ms_sum, last_active, updated_at";
    /** Every agent's stats as the stored facts add them up. */
    public static final String STATS_SELECT = " select a.agent_id, coalesce(t.completed, 0), coalesce(t.failed, 0),"
            + " coalesce(t.response_seconds, 0),"
            + " coalesce(t.responses, 0), coalesce(x.earnings, 0), coalesce(r.reviews, 0), coalesce(r.rating_sum, 0),"
            + " coalesce(r.rt_sum, 0), coalesce(r.rt_count, 0), coalesce(r.q_sum, 0), coalesce(r.q_count, 0),"
            + " coalesce(r.c_sum, 0), coalesce(r.c_count, 0), coalesce(r.v_sum, 0), coalesce(r.v_count, 0),"
            + " coalesce(t.hires, 0), coalesce(f.followers, 0), coalesce(d.total, 0), coalesce(d.successful, 0),"
            + " coalesce(d.failed, 0), d.last_deployment_at, coalesce(e.executions, 0), coalesce(e.successes, 0),"
            + " coalesce(e.errors, 0), coalesce(e.duration, 0),"
            + " greatest(t.last_active, d.last_active, e.last_active), now()"
            + " from (select agent_id from catalog_agents union select agent_id from stats_task_facts"
            + "   union select agent_id from stats_transaction_facts union select agent_id from stats_review_facts"
            + "   union select agent_id from stats_follow_facts union select agent_id from stats_deployment_facts"
            + "   union select agent_id from stats_execution_hourly) a"
            + " left join (select agent_id, count(*) as hires,"
            + "   count(*) filter (where status = 'completed') as completed,"
            + "   count(*) filter (where status = 'failed') as failed,"
            // response: dispatched work from the dispatch to the first progress (or to completion without any);
            // work done by hand from the hire to the start
            + "   sum(greatest(0, floor(extract(epoch from response_end - response_start))))"
            + "     filter (where response_end is not null) as response_seconds,"
            + "   count(response_end) as responses, greatest(max(started_at), max(finished_at)) as last_active"
            + "   from (select *, coalesce(dispatched_at, created_at) as response_start,"
            + "     case when dispatched_at is null then started_at"
            + "          else coalesce(first_progress_at, case when status = 'completed' then finished_at end) end"
            + "       as response_end from stats_task_facts) task_times"
            + "   group by agent_id) t on t.agent_id = a.agent_id"
            + " left join (select agent_id, sum(amount - refunded_amount) as earnings from stats_transaction_facts"
            + "   where status in ('confirmed', 'refunded') group by agent_id) x on x.agent_id = a.agent_id"
            + " left join (select agent_id, count(*) as reviews, sum(rating) as rating_sum,"
            + "   sum(response_time_rating) as rt_sum, count(response_time_rating) as rt_count,"
            + "   sum(quality_rating) as q_sum, count(quality_rating) as q_count,"
            + "   sum(communication_rating) as c_sum, count(communication_rating) as c_count,"
            + "   sum(value_rating) as v_sum, count(value_rating) as v_count"
            + "   from stats_review_facts group by agent_id) r on r.agent_id = a.agent_id"
            + " left join (select agent_id, count(*) filter (where following) as followers from stats_follow_facts"
            + "   group by agent_id) f on f.agent_id = a.agent_id"
            + " left join (select agent_id, count(*) as total,"
            + "   count(*) filter (where status in ('succeeded', 'stopped')) as successful,"
            + "   count(*) filter (where status = 'failed') as failed,"
            + "   max(coalesce(started_at, created_at)) as last_deployment_at, max(deployed_at) as last_active"
            + "   from stats_deployment_facts group by agent_id) d on d.agent_id = a.agent_id"
            + " left join (select agent_id, sum(executions) as executions, sum(successes) as successes,"
            + "   sum(errors) as errors, sum(duration_ms_sum) as duration, max(last_completed_at) as last_active"
            + "   from stats_execution_hourly group by agent_id) e on e.agent_id = a.agent_id";
    static final String STATS = "insert into agent_stats (" + STATS_COLUMNS + ")" + STATS_SELECT;

    static final String CLEAR_ACTIVITY = "delete from agent_activity_hourly";
    /** The columns of {@code agent_activity_hourly}, in the order of {@link #ACTIVITY_SELECT}. */
    public static final String ACTIVITY_COLUMNS = "agent_id, hour, tasks_completed, tasks_failed, rating_sum,"
            + " rating_count, earnings";
    /** Every agent's hourly activity as the stored facts add it up (only hours with some activity). */
    public static final String ACTIVITY_SELECT = " select agent_id, hour, sum(completed), sum(failed), sum(rating_sum),"
            + " sum(rating_count), sum(earnings)"
            + " from ("
            + "   select agent_id, date_trunc('hour', coalesce(finished_at, updated_at), 'UTC') as hour,"
            + "     (status = 'completed')::int as completed, (status = 'failed')::int as failed,"
            + "     0 as rating_sum, 0 as rating_count, 0::numeric as earnings"
            + "   from stats_task_facts where status in ('completed', 'failed')"
            + "   union all select agent_id, date_trunc('hour', created_at, 'UTC'), 0, 0, rating, 1, 0"
            + "   from stats_review_facts"
            + "   union all select agent_id, date_trunc('hour', coalesce(confirmed_at, updated_at), 'UTC'), 0, 0, 0, 0,"
            + "     amount - refunded_amount from stats_transaction_facts where status in ('confirmed', 'refunded')"
            + " ) facts group by agent_id, hour"
            + " having sum(completed) <> 0 or sum(failed) <> 0 or sum(rating_count) <> 0 or sum(earnings) <> 0";
    static final String ACTIVITY = "insert into agent_activity_hourly (" + ACTIVITY_COLUMNS + ")" + ACTIVITY_SELECT;

    /** In order, in one transaction. */
    public static final List<String> STATEMENTS = List.of(LOCK, BACKFILL_TASKS, BACKFILL_TRANSACTIONS,
            BACKFILL_REVIEWS, BACKFILL_FOLLOWS, CLEAR_STATS, STATS, CLEAR_ACTIVITY, ACTIVITY);

    private StatsRebuildSql() {
    }
}
