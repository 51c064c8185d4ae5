package dev.agora.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agora.local.Stack;
import dev.agora.system.Accounts.Account;

/**
 * A steady stream of writes through the gateway, as the reliability suites apply it: an owner creates, activates and
 * publishes agents, another user hires them, the owner does the work by hand and the hirer reviews it. Remembers what was acknowledged (2xx); anything else, a failure to
 * connect included, is counted as refused. An expired access token is renewed by signing in again.
 */
final class SteadyWrites {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PACE = Duration.ofMillis(150);
    /** How long the catalog may take to list a published agent, without faults. */
    private static final Duration LISTED_WITHIN = Duration.ofSeconds(10);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> activated = ConcurrentHashMap.newKeySet();
    final List<String> published = new CopyOnWriteArrayList<>();
    final Set<String> hired = ConcurrentHashMap.newKeySet();
    /** Tasks the owner did by hand (started, then completed), and those the hirer then reviewed. */
    final Set<String> completed = ConcurrentHashMap.newKeySet();
    final Set<String> reviewed = ConcurrentHashMap.newKeySet();
    /** When each agent was published: a hire goes to one published {@link #LISTED_WITHIN} ago, listed by then. */
    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger acknowledged = new AtomicInteger();

    private final Stack stack;
    private final Accounts accounts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();
    private volatile Account owner;
    private volatile Account hirer;
    private volatile boolean writing;
    private Thread thread;
    private int round;

    SteadyWrites(Stack stack, Accounts accounts, Account owner, Account hirer) {
        this.stack = stack;
        this.accounts = accounts;
        this.owner = owner;
        this.hirer = hirer;
    }

    String ownerId() {
        return owner.id();
    }

    String hirerId() {
        return hirer.id();
    }

    void start() {
        writing = true;
        thread = new Thread(this::write, "steady-writes");
        thread.start();
    }

    void stop() throws InterruptedException {
        writing = false;
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }

    /** Until {@code count} more writes have been acknowledged. */
    void awaitAcknowledged(int count, Duration timeout) {
        int before = acknowledged.get();
        await().atMost(timeout).until(() -> acknowledged.get() >= before + count);
    }

    String summary() {
        return created.size() + " agents created, " + published.size() + " published, " + hired.size()
                + " hires acknowledged, " + completed.size() + " completed, " + reviewed.size() + " reviewed, "
                + refused.get() + " writes refused or failed";
    }

    private void write() {
        while (writing) {
            round++;
            String repo = "steady-" + round + "-" + UUID.randomUUID().toString().substring(0, 6);
            String body = "{\"name\":\"Steady " + round + "\",\"description\":\"Keeps going\",\"subdomain\":\"s-"
                    + UUID.randomUUID().toString().substring(0, 12) + "\",\"repoOwner\":\"acme\",\"repoName\":\"" + repo
                    + "\",\"githubUrl\":\"https://github.com/acme/" + repo
                    + "\",\"category\":\"Finance\",\"tags\":[],\"priceMicroalgo\":1000000}";
            String agent = idOf(send(true, "POST", "/api/agents", body, 201));
            if (agent != null) {
                created.add(agent);
                if (send(true, "PUT", "/api/agents/" + agent + "/status", "{\"status\":\"active\"}", 200) != null) {
                    activated.add(agent);
                    if (send(true, "POST", "/api/agents/" + agent + "/publish", null, 200) != null) {
                        published.add(agent);
                        publishedAt.put(agent, System.nanoTime());
                    }
                }
            }
            String target = listedAgent();
            if (target != null) {
                String task = idOf(send(false, "POST", "/api/marketplace/tasks", "{\"agentId\":\"" + target
                        + "\",\"title\":\"Task " + round + "\",\"description\":\"Keep going\"}", 201));
                if (task != null) {
                    hired.add(task);
                    complete(task);
                }
            }
            pace();
        }
    }

    /** The owner works the task by hand; the hirer reviews it once it is completed. */
    private void complete(String task) {
        if (send(true, "POST", "/api/marketplace/tasks/" + task + "/start", null, 200) != null
                && send(true, "POST", "/api/marketplace/tasks/" + task + "/complete", null, 200) != null) {
            completed.add(task);
            if (send(false, "POST", "/api/marketplace/reviews", "{\"taskId\":\"" + task + "\",\"rating\":"
                    + (1 + round % 5) + ",\"title\":\"Round " + round + "\"}", 201) != null) {
                reviewed.add(task);
            }
        }
    }

    /** A random agent published long enough ago to be listed, or null. */
    private String listedAgent() {
        long listedBefore = System.nanoTime() - LISTED_WITHIN.toNanos();
        List<String> listed = publishedAt.entrySet().stream().filter(entry -> entry.getValue() < listedBefore)
                .map(Map.Entry::getKey).toList();
        return listed.isEmpty() ? null : listed.get(ThreadLocalRandom.current().nextInt(listed.size()));
    }

    /** The answer's body when it has the expected status; null (and counted as refused) for anything else. */
    private String send(boolean asOwner, String method, String path, String body, int expected) {
        try {
            HttpResponse<String> response = http.send(request(asOwner ? owner : hirer, method, path, body),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                renew(asOwner);
                response = http.send(request(asOwner ? owner : hirer, method, path, body), HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() == expected) {
                acknowledged.incrementAndGet();
                return response.body();
            }
        } catch (IOException | RuntimeException e) {
            // the gateway or a service is down, or the renewal failed: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refused.incrementAndGet();
        return null;
    }

    private HttpRequest request(Account caller, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + caller.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return request.build();
    }

    /** Access tokens live 15 minutes: a longer run signs in again. */
    private void renew(boolean asOwner) {
        if (asOwner) {
            owner = accounts.login(owner);
        } else {
            hirer = accounts.login(hirer);
        }
    }

    private static String idOf(String body) {
        if (body == null) {
            return null;
        }
        Matcher id = ID.matcher(body);
        return id.find() ? id.group(1) : null;
    }

    private static void pace() {
        try {
            Thread.sleep(PACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
