package dev.agora.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A few users and agents for trying the platform; loading twice changes nothing. The demo users verify their email
 * addresses the way anyone does, with the token of the mail in the local mailbox.
 */
final class DemoData {
    static final String ALICE_EMAIL = "alice@agora.dev";
    static final String BOB_EMAIL = "bob@agora.dev";
    static final String PASSWORD = "demo-password-1";
    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD = Pattern.compile("\"(accessToken|id)\"\\s*:\\s*\"([^\"]+)\"");

    /** The demo's external agent (owned by Alice, free, published): the echo agent {@code ./run.sh --demo} runs. */
    static final String ECHO_AGENT_SUBDOMAIN = "demo-echo-agent";

    private final String gateway;
    private final LocalMailbox mailbox;
    private final String echoCardUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param echoCardUrl the agent card of the echo agent to register as an external agent; null for none */
    DemoData(String gateway, LocalMailbox mailbox, String echoCardUrl) {
        this.gateway = gateway;
        this.mailbox = mailbox;
        this.echoCardUrl = echoCardUrl;
    }

    void load() throws IOException, InterruptedException {
        boolean aliceIsNew = register(ALICE_EMAIL, "Alice (demo)");
        boolean bobIsNew = register(BOB_EMAIL, "Bob (demo)");
        verify(ALICE_EMAIL, aliceIsNew);
        verify(BOB_EMAIL, bobIsNew);
        String token = field(login(ALICE_EMAIL).body(), "accessToken");
        if (aliceIsNew) {
            loadAgents(token);
        } else {
            System.out.println("Demo data already present.");
        }
        if (echoCardUrl != null) {
            registerEchoAgent(token);
        }
    }

    private void loadAgents(String token) throws IOException, InterruptedException {
        String[][] agents = {
                { "Price oracle", "price-oracle", "price-oracle", "Finance", "\"defi\",\"prices\"" },
                { "Tweet writer", "tweet-writer", "tweet-writer", "Social Media", "\"twitter\",\"content\"" },
                { "Code reviewer", "code-reviewer", "code-reviewer", "Development", "\"review\",\"github\"" } };
        for (int i = 0; i < agents.length; i++) {
            String[] a = agents[i];
            String body = "{\"name\":\"" + a[0] + "\",\"description\":\"Demo agent: " + a[0].toLowerCase()
                    + "\",\"subdomain\":\"demo-" + a[1] + "\",\"repoOwner\":\"agora-demo\",\"repoName\":\"" + a[2]
                    + "\",\"githubUrl\":\"https://github.com/agora-demo/" + a[2] + "\",\"category\":\"" + a[3]
                    + "\",\"tags\":[" + a[4] + "],\"priceMicroalgo\":" + (i + 1) * 500000 + "}";
            HttpResponse<String> created = post("/api/agents", body, token);
            if (created.statusCode() != 201) {
                throw new IllegalStateException("demo agent not created: " + created.statusCode() + " " + created.body());
            }
            if (i < 2) {
                activateAndPublish(field(created.body(), "id"), token);
            }
        }
        System.out.println("Demo data loaded: 2 users, 3 agents (2 active and published, 1 draft).");
    }

    /**
     * The echo agent as Alice's external agent, free, active and published, so that Bob can hire it; registered once.
     * A later start finds its subdomain taken (409) and points the agent at this start's card when the echo agent
     * listens elsewhere now ({@code AGORA_ECHO_AGENT_PORT} changed): hires would otherwise go to a port nobody serves.
     */
    private void registerEchoAgent(String token) throws IOException, InterruptedException {
        HttpResponse<String> created = post("/api/agents", echoAgentJson(echoCardUrl), token);
        if (created.statusCode() == 409) {
            followEchoAgent(token);
            return;
        }
        if (created.statusCode() != 201) {
            System.err.println("Demo echo agent not registered: " + created.statusCode() + " " + created.body());
            return;
        }
        activateAndPublish(field(created.body(), "id"), token);
        System.out.println("Demo external agent registered: Echo agent (A2A card " + echoCardUrl + "), free, published.");
    }

    /** The registered echo agent, moved to this start's card URL (and published again) when it points elsewhere. */
    private void followEchoAgent(String token) throws IOException, InterruptedException {
        HttpResponse<String> mine = send(HttpRequest.newBuilder(URI.create(gateway + "/api/agents?owner=me&limit=200"))
                .header("Authorization", "Bearer " + token).GET().build());
        JsonNode agent = null;
        for (JsonNode item : JSON.readTree(mine.body()).path("items")) {
            if (ECHO_AGENT_SUBDOMAIN.equals(item.path("subdomain").asText())) {
                agent = item;
            }
        }
        if (agent == null || echoCardUrl.equals(agent.at("/endpoint/url").asText())) {
            return;
        }
        String id = agent.path("id").asText();
        HttpResponse<String> moved = send(HttpRequest.newBuilder(URI.create(gateway + "/api/agents/" + id))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(echoEndpointJson(echoCardUrl))).build());
        HttpResponse<String> published = post("/api/agents/" + id + "/publish",
                "{\"changes\":\"The echo agent listens at " + echoCardUrl + "\"}", token);
        if (moved.statusCode() != 200 || published.statusCode() != 200) {
            System.err.println("Demo echo agent not moved to " + echoCardUrl + ": update " + moved.statusCode() + " "
                    + moved.body() + ", publish " + published.statusCode() + " " + published.body());
            return;
        }
        System.out.println("Demo external agent Echo agent now points at " + echoCardUrl + " (was "
                + agent.at("/endpoint/url").asText() + ").");
    }

    /** The {@code PATCH /api/agents/{id}} body that points the demo's external agent at the echo agent's card. */
    static String echoEndpointJson(String cardUrl) {
        return "{\"endpoint\":{\"url\":\"" + cardUrl + "\"}}";
    }

    /** The {@code POST /api/agents} body of the demo's external agent: its endpoint is the echo agent's card. */
    static String echoAgentJson(String cardUrl) {
        return "{\"name\":\"Echo agent\",\"type\":\"external\",\"subdomain\":\"" + ECHO_AGENT_SUBDOMAIN + "\","
                + "\"tagline\":\"Echoes what you send it (A2A v0.3.0 reference agent)\","
                + "\"description\":\"Demo external agent reached over A2A. Plain text is echoed back; [slow], [ask], "
                + "[reject] and [fail] in the text show the other outcomes of a hire.\","
                + "\"category\":\"Development\",\"tags\":[\"a2a\",\"echo\"],\"priceMicroalgo\":0,"
                + "\"endpoint\":{\"url\":\"" + cardUrl + "\"}}";
    }

    /** Active and published: listed in the public catalog. */
    private void activateAndPublish(String id, String token) throws IOException, InterruptedException {
        HttpResponse<String> active = send(HttpRequest.newBuilder(URI.create(gateway + "/api/agents/" + id + "/status"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"active\"}")).build());
        HttpResponse<String> published = post("/api/agents/" + id + "/publish", "{\"changes\":\"First release\"}", token);
        if (active.statusCode() != 200 || published.statusCode() != 200) {
            System.err.println("Demo agent " + id + " not activated and published: status " + active.statusCode() + " "
                    + active.body() + ", publish " + published.statusCode() + " " + published.body());
        }
    }

    /**
     * Follows the verification mail: the registration's, or for a user registered before (data kept in {@code .agora/})
     * and not verified yet, a new one.
     */
    private void verify(String email, boolean justRegistered) throws IOException, InterruptedException {
        if (!justRegistered) {
            String token = field(login(email).body(), "accessToken");
            HttpResponse<String> profile = send(HttpRequest.newBuilder(URI.create(gateway + "/api/users/me"))
                    .header("Authorization", "Bearer " + token).GET().build());
            if (profile.body().contains("\"emailVerified\":true")) {
                return;
            }
            HttpResponse<String> resent = post("/api/users/me/verify-email/resend", "", token);
            if (resent.statusCode() != 202) {
                throw new IllegalStateException("no new verification mail for " + email + ": " + resent.statusCode() + " "
                        + resent.body());
            }
        }
        String verification = mailbox.verificationToken(email, MAIL_WAIT);
        HttpResponse<String> verified = post("/auth/verify-email", "{\"token\":\"" + verification + "\"}", null);
        if (verified.statusCode() != 204) {
            throw new IllegalStateException("demo user " + email + " not verified: " + verified.statusCode() + " "
                    + verified.body());
        }
    }

    private HttpResponse<String> login(String email) throws IOException, InterruptedException {
        return post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null);
    }

    private boolean register(String email, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + name + "\"}", null);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("demo user not registered: " + response.statusCode() + " " + response.body());
        }
        return response.statusCode() == 201;
    }

    private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }
}
