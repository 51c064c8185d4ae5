package dev.agora.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agora.local.LocalMailbox;
import dev.agora.local.Stack;

/** A user the runner registers at a stack's gateway, and signs in for each round (access tokens live 15 minutes). */
final class BenchUser {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final String PASSWORD = "bench-password-not-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String gateway;
    private final String email;

    private BenchUser(String gateway, String email) {
        this.gateway = gateway;
        this.email = email;
    }

    /** A new user {@code bench-<role>-<uuid>@example.org}, registered (its address not yet verified). */
    static BenchUser register(String gateway, String role) {
        BenchUser user = new BenchUser(gateway, "bench-" + role + "-" + UUID.randomUUID() + "@example.org");
        HttpResponse<String> registered = user.post("/auth/register", "{\"email\":\"" + user.email + "\",\"password\":\""
                + PASSWORD + "\",\"displayName\":\"Bench\"}");
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("could not register the bench user: " + registered.body());
        }
        return user;
    }

    /** Verifies the address with the link the gateway wrote to the stack's mailbox (publishing and hiring need it). */
    void verifyEmail(Stack stack) {
        String token = new LocalMailbox(stack.mailDirectory()).verificationToken(email, Duration.ofSeconds(30));
        HttpResponse<String> verified = post("/auth/verify-email", "{\"token\":\"" + token + "\"}");
        if (verified.statusCode() != 204) {
            throw new IllegalStateException("could not verify the bench user's address: " + verified.body());
        }
    }

    /** A fresh access token. */
    String token() {
        HttpResponse<String> login = post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        Matcher token = ACCESS_TOKEN.matcher(login.body());
        if (login.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("could not log the bench user in: " + login.body());
        }
        return token.group(1);
    }

    private HttpResponse<String> post(String path, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
