package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.localinfra.Postgres;
import io.restassured.response.Response;

/**
 * What must hold once the stack is quiet after {@link SteadyWrites}, whatever happened meanwhile: every acknowledged
 * write exists, every projection equals what its source says (or its recomputation from the stored facts), nothing was
 * applied twice, each activation fired the owner's trigger once and its webhook arrived, every outbox is empty and no
 * event was dead-lettered. Each check answers "ok" or what differs. The databases are read directly, never through
 * the link a test may have cut.
 */
final class PipelineInvariants {
    private final Stack stack;
    private final SteadyWrites writes;
    private final StatusHook hook;
    private final String adminToken;

    /** {@code hook}: the owner's trigger and its receiver; {@code adminToken}: a platform admin's, to run checks. */
    PipelineInvariants(Stack stack, SteadyWrites writes, StatusHook hook, String adminToken) {
        this.stack = stack;
        this.writes = writes;
        this.hook = hook;
        this.adminToken = adminToken;
    }

    /** Waits for the stack to be quiet: every invariant "ok", or each one's last finding after {@code quiet}. */
    Map<String, String> awaitQuiet(Duration quiet) {
        AtomicReference<Map<String, String>> findings = new AtomicReference<>();
        try {
            await().atMost(quiet).pollInterval(Duration.ofSeconds(2)).until(() -> {
                findings.set(invariants());
                return findings.get().values().stream().allMatch("ok"::equals);
            });
        } catch (ConditionTimeoutException e) {
            // reported by the table, with what was still wrong
        }
        return findings.get();
    }

    Map<String, String> invariants() {
        Map<String, String> findings = new LinkedHashMap<>();
        findings.put("acknowledged writes exist", check(this::acknowledgedWritesExist));
        findings.put("agent_refs = agents", check(() -> refsMatchAgents(ServiceSpec.DEPLOYMENT_SERVICE)
                + refsMatchAgents(ServiceSpec.TRIGGER_SERVICE)));
        findings.put("catalog = published agents", check(this::catalogMatchesPublishedAgents));
        findings.put("hire counts = tasks", check(this::hireCountsMatchTasks));
        findings.put("stats, boards = facts", check(this::derivedProjectionsMatchTheirFacts));
        findings.put("one firing, delivery per activation", check(this::oneFiringAndDeliveryPerActivation));
        findings.put("webhooks in firing order", check(this::webhooksArrivedInFiringOrder));
        findings.put("one notification per fact", check(this::oneNotificationPerFact));
        findings.put("outboxes empty", check(this::outboxesEmpty));
        findings.put("no dead letters", check(this::noDeadLetters));
        return findings;
    }

    private interface Check {
        String differences() throws Exception;
    }

    private static String check(Check check) {
        try {
            String differences = check.differences();
            return differences.isEmpty() ? "ok" : differences;
        } catch (Exception e) {
            return "could not check: " + e;
        }
    }

    private String acknowledgedWritesExist() throws SQLException {
        StringBuilder missing = new StringBuilder();
        Set<String> agents = column(ServiceSpec.AGENT_SERVICE, "select id::text from agents where user_id = ?::uuid", writes.ownerId());
        Set<String> active = column(ServiceSpec.AGENT_SERVICE,
                "select id::text from agents where user_id = ?::uuid and status = 'active'", writes.ownerId());
        Set<String> listed = column(ServiceSpec.AGENT_SERVICE,
                "select id::text from agents where user_id = ?::uuid and published_at is not null", writes.ownerId());
        Set<String> tasks = column(ServiceSpec.MARKETPLACE_SERVICE, "select id::text from tasks where hirer_id = ?::uuid",
                writes.hirerId());
        differences(missing, "agents", writes.created, agents);
        differences(missing, "active agents", writes.activated, active);
        differences(missing, "published agents", Set.copyOf(writes.published), listed);
        differences(missing, "tasks", writes.hired, tasks);
        differences(missing, "completed tasks", writes.completed, column(ServiceSpec.MARKETPLACE_SERVICE,
                "select id::text from tasks where hirer_id = ?::uuid and status = 'completed'", writes.hirerId()));
        differences(missing, "reviews", writes.reviewed, column(ServiceSpec.MARKETPLACE_SERVICE,
                "select task_id::text from reviews where reviewer_id = ?::uuid", writes.hirerId()));
        return missing.toString();
    }

    private static void differences(StringBuilder into, String what, Set<String> acknowledged, Set<String> stored) {
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(stored);
        if (!lost.isEmpty()) {
            into.append(lost.size()).append(' ').append(what).append(" lost ").append(lost).append("; ");
        }
    }

    /**
     * The projection holds each of the owner's agents once, at the status agent-service has. (Versions are not compared:
     * each projection counts only the events it applies.)
     */
    private String refsMatchAgents(ServiceSpec service) throws SQLException {
        Set<String> truth = column(ServiceSpec.AGENT_SERVICE,
                "select id || ' ' || status from agents where user_id = ?::uuid", writes.ownerId());
        Set<String> projection = column(service,
                "select agent_id || ' ' || status from agent_refs where owner_id = ?::uuid", writes.ownerId());
        return compare(service.module() + " agent_refs", truth, projection);
    }

    private String catalogMatchesPublishedAgents() throws SQLException {
        Set<String> truth = column(ServiceSpec.AGENT_SERVICE, "select id || ' ' || status from agents"
                + " where user_id = ?::uuid and published_at is not null", writes.ownerId());
        Set<String> catalog = column(ServiceSpec.MARKETPLACE_SERVICE, "select agent_id || ' ' || status"
                + " from catalog_agents where owner_id = ?::uuid and published_at is not null", writes.ownerId());
        return compare("catalog", truth, catalog);
    }

    private String hireCountsMatchTasks() throws SQLException {
        return compare("hire counts", column(ServiceSpec.MARKETPLACE_SERVICE, "select t.agent_id || ' ' || count(*) from tasks t"
                        + " join catalog_agents c on c.agent_id = t.agent_id where c.owner_id = ?::uuid group by t.agent_id", writes.ownerId()),
                column(ServiceSpec.MARKETPLACE_SERVICE, "select agent_id || ' ' || hire_count from catalog_agents"
                        + " where owner_id = ?::uuid and hire_count > 0", writes.ownerId()));
    }

    /** One status notification per activation, one hire notification to the owner per task: none lost, none twice. */
    private String oneNotificationPerFact() throws SQLException {
        Set<String> activations = column(ServiceSpec.AGENT_SERVICE,
                "select id || ' 1' from agents where user_id = ?::uuid and status = 'active'", writes.ownerId());
        Set<String> statusNotes = column(ServiceSpec.MARKETPLACE_SERVICE, "select data->>'agentId' || ' ' || count(*)"
                + " from notifications where user_id = ?::uuid and type = 'agent_status_change'"
                + " and data->>'newStatus' = 'active' group by data->>'agentId'", writes.ownerId());
        Set<String> tasks = column(ServiceSpec.MARKETPLACE_SERVICE,
                "select id || ' 1' from tasks where hirer_id = ?::uuid", writes.hirerId());
        Set<String> hireNotes = column(ServiceSpec.MARKETPLACE_SERVICE, "select data->>'taskId' || ' ' || count(*)"
                + " from notifications where user_id = ?::uuid and type = 'task_created' group by data->>'taskId'", writes.ownerId());
        return compare("status notifications", activations, statusNotes) + compare("hire notifications", tasks, hireNotes);
    }

    /** marketplace-service's own check: agent stats, hourly buckets and settled boards equal their recomputation. */
    private String derivedProjectionsMatchTheirFacts() {
        Response report = given().auth().oauth2(adminToken).when().post("/api/marketplace/admin/projections/check");
        if (report.statusCode() != 200) {
            return "the check answered " + report.statusCode();
        }
        return report.jsonPath().getBoolean("consistent") ? ""
                : report.jsonPath().getList("projections.findAll { it.differences > 0 }").toString();
    }

    /**
     * The owner's trigger fired once for each activation (the status change of each active agent) and each firing's
     * webhook was delivered: once, or again with the same {@code webhook-id} after a crash; none lost, none twice.
     */
    private String oneFiringAndDeliveryPerActivation() throws SQLException {
        Set<String> activations = column(ServiceSpec.AGENT_SERVICE,
                "select id || ' 1' from agents where user_id = ?::uuid and status = 'active'", writes.ownerId());
        Set<String> firings = column(ServiceSpec.TRIGGER_SERVICE, "select agent_id || ' ' || count(*) from trigger_firings"
                + " where owner_id = ?::uuid group by agent_id", writes.ownerId());
        Set<String> delivered = new TreeSet<>();
        hook.deliveriesPerAgent().forEach((agent, count) -> delivered.add(agent + " " + count));
        return compare("firings", activations, firings) + compare("webhook deliveries", activations, delivered);
    }

    /**
     * The receiver got the trigger's webhooks in the order of their firings (each counted at its first arrival): a
     * retry after a failure or a crash never let a later delivery of the same action overtake it.
     */
    private String webhooksArrivedInFiringOrder() throws SQLException {
        List<String> arrived = hook.arrivalOrder();
        Set<String> received = Set.copyOf(arrived);
        List<String> fired = orderedColumn(ServiceSpec.TRIGGER_SERVICE,
                "select id::text from action_jobs where owner_id = ?::uuid order by seq", writes.ownerId()).stream()
                .filter(received::contains).toList();
        if (fired.equals(arrived)) {
            return "";
        }
        int first = 0;
        while (first < Math.min(fired.size(), arrived.size()) && fired.get(first).equals(arrived.get(first))) {
            first++;
        }
        return "arrival #" + (first + 1) + " was job " + (first < arrived.size() ? arrived.get(first) : "none")
                + ", firing #" + (first + 1) + " made job " + (first < fired.size() ? fired.get(first) : "none") + "; ";
    }

    private String outboxesEmpty() throws SQLException {
        StringBuilder left = new StringBuilder();
        for (ServiceSpec service : ServiceSpec.values()) {
            Set<String> count = column(service, "select count(*)::text from outbox_events where ? is not null", "any");
            if (!count.equals(Set.of("0"))) {
                left.append(service.module()).append(": ").append(count).append(" rows; ");
            }
        }
        return left.toString();
    }

    private String noDeadLetters() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
            for (String topic : Stack.TOPICS) {
                for (int partition = 0; partition < 3; partition++) {
                    ends.put(new TopicPartition(topic + ".dlq", partition), OffsetSpec.latest());
                }
            }
            ListOffsetsResult offsets = admin.listOffsets(ends);
            StringBuilder dead = new StringBuilder();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : offsets.all()
                    .get(20, TimeUnit.SECONDS).entrySet()) {
                if (end.getValue().offset() > 0) {
                    dead.append(end.getKey()).append(": ").append(end.getValue().offset()).append(" records; ");
                }
            }
            return dead.toString();
        }
    }

    private static String compare(String what, Set<String> truth, Set<String> projection) {
        Set<String> missing = new TreeSet<>(truth);
        missing.removeAll(projection);
        Set<String> extra = new TreeSet<>(projection);
        extra.removeAll(truth);
        if (missing.isEmpty() && extra.isEmpty()) {
            return "";
        }
        return what + ": expected but not found " + sample(missing) + ", found but not expected " + sample(extra) + "; ";
    }

    private static String sample(Set<String> values) {
        return values.size() <= 5 ? values.toString() : values.stream().limit(5).toList() + " and " + (values.size() - 5) + " more";
    }

    /** The first column of every row, as text; {@code sql} takes one text parameter. Read directly, not through the link. */
    private Set<String> column(ServiceSpec service, String sql, String parameter) throws SQLException {
        return new TreeSet<>(orderedColumn(service, sql, parameter));
    }

    /** The first column of every row, in the rows' order; {@code sql} takes {@code parameter} as its parameter. */
    private List<String> orderedColumn(ServiceSpec service, String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.postgresPort()
                + "/" + service.database(), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
