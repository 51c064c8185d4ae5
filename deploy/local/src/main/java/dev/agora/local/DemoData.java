package dev.agora.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few users and agents for trying the platform; loading twice changes nothing. The demo users verify their email
 * addresses the way anyone does, with the token of the mail in the local mailbox.
 */
final class DemoData {
    static final String ALICE_EMAIL = "alice@agora.dev";
    static final String BOB_EMAIL = "bob@agora.dev";
    static final String PASSWORD = "demo-password-1";
    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    private static final Pattern FIELD = Pattern.compile("\"(accessToken|id)\"\\s*:\\s*\"([^\"]+)\"");

    private final String gateway;
    private final LocalMailbox mailbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoData(String gateway, LocalMailbox mailbox) {
        this.gateway = gateway;
        this.mailbox = mailbox;
    }

    void load() throws IOException, InterruptedException {
        boolean aliceIsNew = register(ALICE_EMAIL, "Alice (demo)");
        boolean bobIsNew = register(BOB_EMAIL, "Bob (demo)");
        verify(ALICE_EMAIL, aliceIsNew);
        verify(BOB_EMAIL, bobIsNew);
        if (!aliceIsNew) {
            System.out.println("Demo data already present.");
            return;
        }
        String token = field(login(ALICE_EMAIL).body(), "accessToken");
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
                // active and published: listed in the public catalog
                String id = field(created.body(), "id");
                send(HttpRequest.newBuilder(URI.create(gateway + "/api/agents/" + id + "/status"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"active\"}")).build());
                post("/api/agents/" + id + "/publish", "{\"changes\":\"First release\"}", token);
            }
        }
        System.out.println("Demo data loaded: 2 users, 3 agents (2 active and published, 1 draft).");
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
