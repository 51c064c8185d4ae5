package dev.agora.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The documented answer of every operation to each kind of caller, read from {@code authorization-matrix.txt}: one row
 * per operation of the merged OpenAPI document,
 * {@code METHOD template | request path | none stranger viewer admin owner | body | flags}.
 * An answer is a status code or {@code 2xx}. Placeholders such as {@code {agent}} name {@link MatrixFixtures}.
 * {@code {unique}} is a new random word for each call (the same within the call).
 * Flags: {@code fresh} — a caller who is answered 2xx gets its own copy of the fixtures (the call uses them up);
 * {@code self} — each caller acts on an account of its own, made for the call ({@code {selfEmail}},
 * {@code {selfRefreshToken}}); {@code stream} — only the status of a streamed answer is read.
 */
final class AuthorizationMatrix {
    /** Who calls: nobody (no token), a user with no relation, the organization's viewer and admin, the owner. */
    enum Role {
        NONE, STRANGER, VIEWER, ADMIN, OWNER
    }

    record Row(int line, String operation, String request, Map<Role, String> expected, String body, Set<String> flags) {
        String method() {
            return operation.substring(0, operation.indexOf(' '));
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuthorizationMatrix() {
    }

    static List<Row> load() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AuthorizationMatrix.class.getResourceAsStream("/authorization-matrix.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\\s*\\|\\s*", -1);
                if (cells.length < 3) {
                    throw new IllegalStateException("authorization-matrix.txt:" + (i + 1) + " is not a row: " + line);
                }
                String[] answers = cells[2].strip().split("\\s+");
                if (answers.length != Role.values().length) {
                    throw new IllegalStateException("authorization-matrix.txt:" + (i + 1) + " needs 5 answers: " + line);
                }
                Map<Role, String> expected = new EnumMap<>(Role.class);
                for (Role role : Role.values()) {
                    expected.put(role, answers[role.ordinal()]);
                }
                String body = cells.length > 3 ? cells[3].strip() : "";
                Set<String> flags = cells.length > 4 && !cells[4].isBlank() ? Set.of(cells[4].strip().split("\\s+")) : Set.of();
                rows.add(new Row(i + 1, cells[0].strip().replaceAll("\\s+", " "), cells[1].strip(), expected, body, flags));
            }
        }
        return rows;
    }

    /** The mismatches of one row: what each caller got where it differs from the documented answer. */
    static List<String> check(Row row, MatrixFixtures fixtures, Accounts accounts) {
        List<String> mismatches = new ArrayList<>();
        for (Role role : Role.values()) {
            String expected = row.expected().get(role);
            boolean anew = row.flags().contains("fresh") && matches("2xx", Integer.parseInt(expected.replace("2xx", "200")));
            Accounts.Account self = row.flags().contains("self") ? accounts.register("self") : null;
            Accounts.Account caller = role == Role.NONE ? null : self != null ? self : fixtures.account(role);
            String unique = MatrixFixtures.unique();
            String path = resolve(row.request(), fixtures, self, anew, unique);
            String body = row.body().isEmpty() ? null : resolve(row.body(), fixtures, self, anew, unique);
            Answer answer = row.flags().contains("stream") ? stream(path, caller) : call(row.method(), path, body, caller);
            if (!matches(expected, answer.status())) {
                mismatches.add(row.operation() + " as " + role + " (line " + row.line() + "): expected " + expected
                        + ", got " + answer.status() + " " + answer.excerpt());
            }
        }
        return mismatches;
    }

    private static boolean matches(String expected, int status) {
        return "2xx".equals(expected) ? status >= 200 && status < 300 : Integer.parseInt(expected) == status;
    }

    /** {@code {unique}} is one value within a call, so that a body can repeat it. */
    private static String resolve(String text, MatrixFixtures fixtures, Accounts.Account self, boolean anew,
            String unique) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = switch (name) {
                case "unique" -> unique;
                case "selfEmail" -> self.email();
                case "selfRefreshToken" -> self.refreshToken();
                default -> fixtures.value(name, anew);
            };
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(resolved).toString();
    }

    record Answer(int status, String excerpt) {
    }

    private static Answer call(String method, String path, String body, Accounts.Account caller) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (caller != null) {
            request.auth().oauth2(caller.token());
        }
        if (body != null) {
            request.body(body);
        }
        Response response = request.when().request(method, path);
        String text = response.asString();
        return new Answer(response.statusCode(), text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    /** A stream's status, without waiting for its end. */
    private static Answer stream(String path, Accounts.Account caller) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(io.restassured.RestAssured.baseURI + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream").GET();
        if (caller != null) {
            request.header("Authorization", "Bearer " + caller.token());
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new Answer(response.statusCode(), "");
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }
}
