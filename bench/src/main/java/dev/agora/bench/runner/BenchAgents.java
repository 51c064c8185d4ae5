package dev.agora.bench.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agents the runs read and write: created through agent-service's API, as an owner would. */
final class BenchAgents {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BenchAgents() {
    }

    /** Creates {@code count} agents (eight at a time) and writes their ids to {@code agent-ids.txt} in {@code work}. */
    static Path seed(String agentService, String token, int count, Path work) throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                created.add(pool.submit(() -> create(agentService, token, "seed-" + n)));
            }
            for (Future<String> id : created) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        Path file = work.resolve("agent-ids.txt");
        Files.write(file, ids);
        return file;
    }

    /** One agent with this slug as its subdomain and repository; its id. */
    static String create(String url, String token, String slug) throws IOException, InterruptedException {
        String body = "{\"name\":\"Bench " + slug + "\",\"description\":\"A benchmark agent\",\"subdomain\":\"" + slug
                + "\",\"repoOwner\":\"bench\",\"repoName\":\"" + slug + "\",\"githubUrl\":\"https://github.com/bench/"
                + slug + "\",\"category\":\"General\",\"tags\":[\"bench\"],\"priceMicroalgo\":1000}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/agents"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("seeding failed: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }
}
