package dev.agora.agents;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.agora.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Callers with org roles (the JWT {@code orgs} claim) and agents to create, for the authorization and list tests. */
final class TestAgents {
    private TestAgents() {
    }

    /** A caller: user id, global groups and {slug: role}. */
    record Caller(UUID id, List<String> groups, Map<String, String> orgs) {
        static Caller user() {
            return new Caller(UUID.randomUUID(), List.of(), Map.of());
        }

        static Caller member(String org, String role) {
            return new Caller(UUID.randomUUID(), List.of(), Map.of(org, role));
        }

        static Caller platformAdmin() {
            return new Caller(UUID.randomUUID(), List.of("admin"), Map.of());
        }

        RequestSpecification request() {
            return given().auth().oauth2(TestTokens.forUser(id, groups, orgs)).contentType(ContentType.JSON);
        }
    }

    static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String json(String name, String description, String category, List<String> tags, List<String> orgs) {
        String repo = uniqueSlug("repo");
        return """
                {"name":%s,"description":%s,"subdomain":"%s","repoOwner":"acme","repoName":"%s",
                 "githubUrl":"https://github.com/acme/%s","category":"%s","tags":%s,"organizationSlugs":%s}
                """.formatted(quote(name), description == null ? "null" : quote(description), uniqueSlug("agent"), repo,
                repo, category, array(tags), array(orgs));
    }

    /** Creates an agent as {@code caller} and answers its id. */
    static String create(Caller caller, String name, String description, String category, List<String> tags,
            List<String> orgs) {
        return caller.request().body(json(name, description, category, tags, orgs))
                .when().post("/api/agents").then().statusCode(201).extract().path("id");
    }

    static String create(Caller caller, List<String> orgs) {
        return create(caller, "Org agent", "Serves an organization", "General", List.of(), orgs);
    }

    static String array(List<String> values) {
        return values.stream().map(TestAgents::quote).collect(Collectors.joining(",", "[", "]"));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String[] sorted(String... values) {
        return java.util.Arrays.stream(values).sorted().toArray(String[]::new);
    }
}
