package dev.agora.gateway.apikey.model;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an API key may do at the edge: {@code <service>:read} for GET, HEAD and OPTIONS, {@code <service>:write}
 * for everything else, per proxied service ({@code agents}, {@code deployments} (also {@code /api/runtime}),
 * {@code marketplace}, {@code triggers}).
 */
public final class Scopes {
    public static final List<String> SERVICES = List.of("agents", "deployments", "marketplace", "triggers");
    public static final Set<String> ALL = SERVICES.stream()
            .flatMap(service -> Stream.of(service + ":read", service + ":write"))
            .collect(Collectors.toUnmodifiableSet());

    private Scopes() {
    }

    public static String required(String service, String method) {
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        return service + (read ? ":read" : ":write");
    }

    /** Sorted, without duplicates, space-separated: the stored form and the {@code scope} claim. */
    public static String join(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    public static List<String> split(String scopes) {
        return scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.strip().split(" +"));
    }
}
