package dev.agora.bench.runner;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import dev.agora.bench.load.ConstantRateLoad;
import dev.agora.bench.load.ConstantRateLoad.Call;
import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.localinfra.Postgres;
import io.vertx.core.http.HttpMethod;

/**
 * Target 8: the top-100 page of the global all-time leaderboard with 100,000 ranked agents, read at a constant rate
 * from marketplace-service (on CPU 0); p99 from the moment each request was due.
 */
final class LeaderboardReads {
    private LeaderboardReads() {
    }

    static void run(Report report, Stack stack, int agents, double rate, int warmupSeconds, int seconds)
            throws SQLException {
        report.section("8. Leaderboard: top-100 page at " + agents + " ranked agents");
        seed(stack.postgresPort(), agents);
        String path = "/api/marketplace/leaderboards?period=all_time&limit=100";
        URI marketplace = URI.create(stack.options().url(ServiceSpec.MARKETPLACE_SERVICE));
        Call call = new Call(HttpMethod.GET, path, Map.of(), null);
        // warm-up, discarded, as long as the other targets': the read path compiled, the page cache in its steady state
        ConstantRateLoad.run(marketplace, rate, warmupSeconds, 16, n -> call, List.of(200));
        ConstantRateLoad.Result result = ConstantRateLoad.run(marketplace, rate, seconds, 16, n -> call, List.of(200));
        report.command("ConstantRateLoad GET " + path + " rate=" + rate + "/s duration=" + seconds + "s (after a "
                + warmupSeconds + " s warm-up)");
        double p99 = result.p99Micros() / 1000.0;
        report.line("marketplace-service: " + result.summary() + ".");
        report.verdict("8. leaderboard top-100 p99", String.format("%.2f ms", p99), "≤ 10 ms",
                p99 <= 10 && result.errors() <= result.requests() / 100);
    }

    /** Listed catalog agents, every one ranked on the global all-time board, as the recompute would leave them. */
    private static void seed(int port, int agents) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                + ServiceSpec.MARKETPLACE_SERVICE.database(), Postgres.USER, Postgres.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("insert into catalog_agents (agent_id, owner_id, name, subdomain, status, agent_version,"
                    + " created_at, updated_at, listed, domain_slugs, slug)"
                    + " select gen_random_uuid(), gen_random_uuid(), 'Ranked agent ' || i, 'ranked-' || i, 'active', 1,"
                    + " now(), now(), true, array['bench-' || (i % 50)], 'ranked-' || i"
                    + " from generate_series(1, " + agents + ") as i");
            statement.execute("insert into leaderboard_entries (board, period, agent_id, rank, previous_rank,"
                    + " total_agents, score, success_rate, tasks_completed, tasks_failed, tasks_norm, rating,"
                    + " review_count, earnings, earnings_norm, computed_at)"
                    + " select '', 'all_time', agent_id, row_number() over (order by subdomain), null, " + agents + ","
                    + " 0.5, 0.5, 1, 1, 0.5, 4, 1, 10, 0.5, now() from catalog_agents where subdomain like 'ranked-%'");
            statement.execute("analyze catalog_agents");
            statement.execute("analyze leaderboard_entries");
        }
    }
}
