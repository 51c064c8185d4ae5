package dev.agora.common.events;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who may see an event, decided by the service that publishes it and carried with it as the CloudEvents extension
 * attribute {@code audience} (Kafka header {@code ce_audience}, compact JSON). Consumers that show events to people —
 * trigger matching, firings and their action payloads, notifications — show an event only to its audience.
 * <ul>
 * <li>{@code {"public":true}}: everyone. Such an event carries only fields anyone may see.</li>
 * <li>{@code {"users":[…],"orgs":{"acme":["admin","agent_manager"]}}}: the named users (the parties), and the
 * members of each listed organization who hold one of the listed roles there.</li>
 * </ul>
 * An event without the header (published before audiences existed) is seen by nobody.
 */
public record Audience(boolean isPublic, Set<UUID> users, Map<String, Set<String>> orgs) {
    public static final String HEADER = "ce_audience";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Audience NOBODY = new Audience(false, Set.of(), Map.of());
    private static final Audience EVERYONE = new Audience(true, Set.of(), Map.of());

    public Audience {
        users = Collections.unmodifiableSet(new TreeSet<>(users));
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        orgs.forEach((slug, roles) -> copy.put(slug, Collections.unmodifiableSet(new TreeSet<>(roles))));
        orgs = Collections.unmodifiableMap(copy);
    }

    public static Audience everyone() {
        return EVERYONE;
    }

    public static Audience nobody() {
        return NOBODY;
    }

    /** The given users (the parties of the event); null ids are skipped. */
    public static Audience users(UUID... users) {
        return NOBODY.plusUsers(users);
    }

    public Audience plusUsers(UUID... more) {
        if (isPublic) {
            return this;
        }
        Set<UUID> all = new TreeSet<>(users);
        Arrays.stream(more).filter(Objects::nonNull).forEach(all::add);
        return new Audience(false, all, orgs);
    }

    /** Adds the members holding one of {@code roles} in each of {@code slugs} (null or empty adds nothing). */
    public Audience plusOrgs(Collection<String> slugs, Set<String> roles) {
        if (isPublic || slugs == null || slugs.isEmpty() || roles.isEmpty()) {
            return this;
        }
        Map<String, Set<String>> all = new TreeMap<>(orgs);
        for (String slug : slugs) {
            Set<String> merged = new TreeSet<>(all.getOrDefault(slug, Set.of()));
            merged.addAll(roles);
            all.put(slug, merged);
        }
        return new Audience(false, users, all);
    }

    /** Whether a user holding {@code orgRoles} (organization slug → role) may see the event. */
    public boolean admits(UUID user, Map<String, String> orgRoles) {
        if (isPublic || users.contains(user)) {
            return true;
        }
        for (Map.Entry<String, String> membership : orgRoles.entrySet()) {
            if (orgs.getOrDefault(membership.getKey(), Set.of()).contains(membership.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user is named (or the event is public): enough for a party without looking up memberships. */
    public boolean names(UUID user) {
        return isPublic || users.contains(user);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        if (isPublic) {
            return node.put("public", true).toString();
        }
        ArrayNode ids = node.putArray("users");
        users.forEach(id -> ids.add(id.toString()));
        ObjectNode byOrg = node.putObject("orgs");
        orgs.forEach((slug, roles) -> {
            ArrayNode list = byOrg.putArray(slug);
            roles.forEach(list::add);
        });
        return node.toString();
    }

    /**
     * The audience a header holds; a missing header is nobody.
     *
     * @throws IllegalArgumentException when the header is not an audience
     */
    public static Audience fromJson(String json) {
        if (json == null) {
            return NOBODY;
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the audience is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the audience is not a JSON object");
        }
        if (node.path("public").asBoolean(false)) {
            return EVERYONE;
        }
        Set<UUID> users = new TreeSet<>();
        for (JsonNode id : array(node, "users")) {
            users.add(uuid(id));
        }
        Map<String, Set<String>> orgs = new TreeMap<>();
        JsonNode byOrg = node.path("orgs");
        if (!byOrg.isMissingNode() && !byOrg.isObject()) {
            throw new IllegalArgumentException("the audience's orgs is not an object");
        }
        byOrg.fields().forEachRemaining(entry -> {
            Set<String> roles = new TreeSet<>();
            for (JsonNode role : array(byOrg, entry.getKey())) {
                if (!role.isTextual()) {
                    throw new IllegalArgumentException("the audience's roles of " + entry.getKey() + " are not strings");
                }
                roles.add(role.asText());
            }
            orgs.put(entry.getKey(), roles);
        });
        return new Audience(false, users, orgs);
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode()) {
            return JSON.createArrayNode();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("the audience's " + field + " is not an array");
        }
        return value;
    }

    private static UUID uuid(JsonNode id) {
        try {
            return UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the audience names a user that is not a UUID: " + id, e);
        }
    }
}
