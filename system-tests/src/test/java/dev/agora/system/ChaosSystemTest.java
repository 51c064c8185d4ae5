package dev.agora.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import dev.agora.system.Accounts.Account;
import dev.agora.testsupport.Postgres;
import io.restassured.RestAssured;

/**
 * Faults injected one after the other into the running stack while an owner keeps creating, activating and publishing
 * agents and a user keeps hiring them, all through the gateway. After each fault, once the stack is quiet, every
 * acknowledged write exists, every projection equals what its source says, nothing was applied twice, every outbox is
 * empty and no event was dead-lettered. Prints a table of faults × invariants.
 */
class ChaosSystemTest {
    private static final Duration QUIET = Duration.ofSeconds(150);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static Stack stack;
    private static Account owner;
    private static Account hirer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** What the load was told was done (2xx). */
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Set<String> activated = ConcurrentHashMap.newKeySet();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final Set<String> hired = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();

    @BeforeAll
    static void startTheStack() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("agora-chaos-");
        stack = Stack.start(StackOptions.isolated(home, root).withDatabaseLink());
        RestAssured.baseURI = stack.gatewayUrl();
        Accounts accounts = new Accounts(stack);
        owner = accounts.register("chaos-owner");
        hirer = accounts.register("chaos-hirer");
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private record Fault(String name, Runnable inject) {
    }

    @Test
    void everyFaultLeavesEachAcknowledgedWriteAppliedExactlyOnceAndNothingBehind() throws Exception {
        List<Fault> faults = new ArrayList<>();
        for (ServiceSpec service : ServiceSpec.values()) {
            faults.add(new Fault("kill -9 " + service.module(), () -> {
                stack.kill(service);
                pause(Duration.ofSeconds(2));
                stack.restart(service);
            }));
        }
        faults.add(new Fault("kill -9 Kafka broker", () -> {
            stack.killKafka();
            pause(Duration.ofSeconds(3));
            stack.startKafka();
        }));
        faults.add(new Fault("database outage " + OUTAGE.toSeconds() + " s", () -> {
            stack.cutDatabase();
            try {
                pause(OUTAGE);
            } finally {
                stack.restoreDatabase();
            }
        }));
        faults.add(new Fault("SIGSTOP marketplace-service " + OUTAGE.toSeconds() + " s", () -> {
            stack.pause(ServiceSpec.MARKETPLACE_SERVICE);
            try {
                pause(OUTAGE);
            } finally {
                stack.resume(ServiceSpec.MARKETPLACE_SERVICE);
            }
        }));
        faults.add(new Fault("rolling restart", () -> {
            for (ServiceSpec service : ServiceSpec.values()) {
                stack.restartGracefully(service);
            }
        }));

        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        for (Fault fault : faults) {
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread load = new Thread(() -> write(writing), "chaos-load");
            load.start();
            awaitWrites(3);
            fault.inject().run();
            // the stack takes writes again before the load stops
            awaitWrites(3);
            writing.set(false);
            load.join(TimeUnit.SECONDS.toMillis(60));
            table.put(fault.name(), awaitInvariants());
        }
        String report = report(table);
        System.out.println(report);
        assertTrue(table.values().stream().allMatch(row -> row.values().stream().allMatch("ok"::equals)), report);
        assertTrue(published.size() >= faults.size(), "the load published only " + published.size() + " agents");
    }

    /** Until the load has had {@code count} more writes acknowledged. */
    private void awaitWrites(int count) {
        int before = acknowledged.get();
        await().atMost(QUIET).until(() -> acknowledged.get() >= before + count);
    }

    /** One owner's agents created, activated, published, and hired by another user, until told to stop. */
    private void write(AtomicBoolean writing) {
        int i = 0;
        while (writing.get()) {
            i++;
            String repo = "chaos-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            String subdomain = "c-" + UUID.randomUUID().toString().substring(0, 12);
            String body = "{\"name\":\"Chaos " + i + "\",\"description\":\"Under fire\",\"subdomain\":\"" + subdomain
                    + "\",\"repoOwner\":\"acme\",\"repoName\":\"" + repo + "\",\"githubUrl\":\"https://github.com/acme/"
                    + repo + "\",\"category\":\"Finance\",\"tags\":[],\"priceMicroalgo\":1000000}";
            String agent = idOf(send(owner, "POST", "/api/agents", body, 201));
            if (agent != null) {
                created.add(agent);
                if (send(owner, "PUT", "/api/agents/" + agent + "/status", "{\"status\":\"active\"}", 200) != null) {
                    activated.add(agent);
                    if (send(owner, "POST", "/api/agents/" + agent + "/publish", null, 200) != null) {
                        published.add(agent);
                    }
                }
            }
            if (!published.isEmpty()) {
                String target = published.get(ThreadLocalRandom.current().nextInt(published.size()));
                String task = idOf(send(hirer, "POST", "/api/marketplace/tasks", "{\"agentId\":\"" + target
                        + "\",\"title\":\"Chaos task " + i + "\",\"description\":\"Keep going\"}", 201));
                if (task != null) {
                    hired.add(task);
                }
            }
            pause(Duration.ofMillis(150));
        }
    }

    /** The answer's body when it has the expected status; null (and counted) for anything else, a failure included. */
    private String send(Account caller, String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + caller.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == expected) {
                acknowledged.incrementAndGet();
                return response.body();
            }
        } catch (IOException e) {
            // the gateway or a service is down: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refused.incrementAndGet();
        return null;
    }

    private static String idOf(String body) {
        if (body == null) {
            return null;
        }
        Matcher id = ID.matcher(body);
        return id.find() ? id.group(1) : null;
    }

    /** Waits for the stack to be quiet: every invariant "ok", or each one's last finding after {@link #QUIET}. */
    private Map<String, String> awaitInvariants() {
        AtomicReference<Map<String, String>> findings = new AtomicReference<>();
        try {
            await().atMost(QUIET).pollInterval(Duration.ofSeconds(2)).until(() -> {
                findings.set(invariants());
                return findings.get().values().stream().allMatch("ok"::equals);
            });
        } catch (ConditionTimeoutException e) {
            // reported by the table, with what was still wrong
        }
        return findings.get();
    }

    private Map<String, String> invariants() {
        Map<String, String> findings = new LinkedHashMap<>();
        findings.put("acknowledged writes exist", check(this::acknowledgedWritesExist));
        findings.put("agent_refs = agents", check(() -> refsMatchAgents(ServiceSpec.DEPLOYMENT_SERVICE)
                + refsMatchAgents(ServiceSpec.TRIGGER_SERVICE)));
        findings.put("catalog = published agents", check(this::catalogMatchesPublishedAgents));
        findings.put("hire counts = tasks", check(this::hireCountsMatchTasks));
        findings.put("one notification per fact", check(this::oneNotificationPerFact));
        findings.put("outboxes empty", check(ChaosSystemTest::outboxesEmpty));
        findings.put("no dead letters", check(ChaosSystemTest::noDeadLetters));
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
        Set<String> agents = column(ServiceSpec.AGENT_SERVICE, "select id::text from agents where user_id = ?::uuid", owner.id());
        Set<String> active = column(ServiceSpec.AGENT_SERVICE,
                "select id::text from agents where user_id = ?::uuid and status = 'active'", owner.id());
        Set<String> listed = column(ServiceSpec.AGENT_SERVICE,
                "select id::text from agents where user_id = ?::uuid and published_at is not null", owner.id());
        Set<String> tasks = column(ServiceSpec.MARKETPLACE_SERVICE, "select id::text from tasks where hirer_id = ?::uuid",
                hirer.id());
        differences(missing, "agents", created, agents);
        differences(missing, "active agents", activated, active);
        differences(missing, "published agents", Set.copyOf(published), listed);
        differences(missing, "tasks", hired, tasks);
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
                "select id || ' ' || status from agents where user_id = ?::uuid", owner.id());
        Set<String> projection = column(service,
                "select agent_id || ' ' || status from agent_refs where owner_id = ?::uuid", owner.id());
        return compare(service.module() + " agent_refs", truth, projection);
    }

    private String catalogMatchesPublishedAgents() throws SQLException {
        Set<String> truth = column(ServiceSpec.AGENT_SERVICE, "select id || ' ' || status from agents"
                + " where user_id = ?::uuid and published_at is not null", owner.id());
        Set<String> catalog = column(ServiceSpec.MARKETPLACE_SERVICE, "select agent_id || ' ' || status"
                + " from catalog_agents where owner_id = ?::uuid and published_at is not null", owner.id());
        return compare("catalog", truth, catalog);
    }

    private String hireCountsMatchTasks() throws SQLException {
        return compare("hire counts", column(ServiceSpec.MARKETPLACE_SERVICE, "select t.agent_id || ' ' || count(*) from tasks t"
                        + " join catalog_agents c on c.agent_id = t.agent_id where c.owner_id = ?::uuid group by t.agent_id", owner.id()),
                column(ServiceSpec.MARKETPLACE_SERVICE, "select agent_id || ' ' || hire_count from catalog_agents"
                        + " where owner_id = ?::uuid and hire_count > 0", owner.id()));
    }

    /** One status notification per activation, one hire notification to the owner per task: none lost, none twice. */
    private String oneNotificationPerFact() throws SQLException {
        Set<String> activations = column(ServiceSpec.AGENT_SERVICE,
                "select id || ' 1' from agents where user_id = ?::uuid and status = 'active'", owner.id());
        Set<String> statusNotes = column(ServiceSpec.MARKETPLACE_SERVICE, "select data->>'agentId' || ' ' || count(*)"
                + " from notifications where user_id = ?::uuid and type = 'agent_status_change'"
                + " and data->>'newStatus' = 'active' group by data->>'agentId'", owner.id());
        Set<String> tasks = column(ServiceSpec.MARKETPLACE_SERVICE,
                "select id || ' 1' from tasks where hirer_id = ?::uuid", hirer.id());
        Set<String> hireNotes = column(ServiceSpec.MARKETPLACE_SERVICE, "select data->>'taskId' || ' ' || count(*)"
                + " from notifications where user_id = ?::uuid and type = 'task_created' group by data->>'taskId'", owner.id());
        return compare("status notifications", activations, statusNotes) + compare("hire notifications", tasks, hireNotes);
    }

    private static String outboxesEmpty() throws SQLException {
        StringBuilder left = new StringBuilder();
        for (ServiceSpec service : ServiceSpec.values()) {
            Set<String> count = column(service, "select count(*)::text from outbox_events where ? is not null", "any");
            if (!count.equals(Set.of("0"))) {
                left.append(service.module()).append(": ").append(count).append(" rows; ");
            }
        }
        return left.toString();
    }

    private static String noDeadLetters() throws Exception {
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
    private static Set<String> column(ServiceSpec service, String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.postgresPort()
                + "/" + service.database(), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            Set<String> values = new TreeSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private String report(Map<String, Map<String, String>> table) {
        StringBuilder out = new StringBuilder("\nFaults × invariants (" + created.size() + " agents created, "
                + published.size() + " published, " + hired.size() + " hires acknowledged, " + refused.get()
                + " writes refused or failed during faults)\n");
        List<String> invariants = table.values().iterator().next().keySet().stream().toList();
        out.append(String.format("%-38s", "fault"));
        invariants.forEach(name -> out.append(" | ").append(name));
        out.append('\n');
        table.forEach((fault, row) -> {
            out.append(String.format("%-38s", fault));
            invariants.forEach(name -> out.append(" | ").append(String.format("%-" + name.length() + "s",
                    "ok".equals(row.get(name)) ? "ok" : "FAIL")));
            out.append('\n');
            row.forEach((name, finding) -> {
                if (!"ok".equals(finding)) {
                    out.append("    ").append(name).append(": ").append(finding).append('\n');
                }
            });
        });
        return out.toString();
    }

    /** A fault's length (the outage, the stall) or the load's pace: time itself, not a condition to wait for. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
