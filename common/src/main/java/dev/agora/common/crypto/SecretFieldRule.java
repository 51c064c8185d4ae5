package dev.agora.common.crypto;

import java.util.List;

/** Which text fields of a JSON object hold secrets, by the names leading to the field ({@code [headers, Cookie]}). */
@FunctionalInterface
public interface SecretFieldRule {
    boolean holdsSecret(List<String> path);
}
