package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Secrets are referenced, never committed: the operator creates them (README.md). */
class SecretsTest {

    /** Variable names that hold a secret themselves (a *_KEY_LOCATION is only a file path). */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIALS|_KEY)$");

    @ParameterizedTest(name = "{0}: renders no Secret with data or stringData")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void rendersNoSecretValues(String overlay) {
        List<String> offenders = Rendered.overlay(overlay).ofKind("Secret").stream()
                .filter(s -> !Yaml.map(s, "data").isEmpty() || !Yaml.map(s, "stringData").isEmpty())
                .map(Yaml::name).toList();
        assertTrue(offenders.isEmpty(), overlay + ": Secrets with values rendered: " + offenders);
    }

    @Test
    void noFileUnderDeployK8sCommitsASecretValueOrGeneratesOne() throws IOException {
        Path k8s = Agora.k8s();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(k8s)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(p -> !k8s.relativize(p).startsWith("target") && !k8s.relativize(p).startsWith("src"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList()) {
                for (Map<String, Object> doc : Rendered.parse(Files.readString(file))) {
                    if ("Secret".equals(Yaml.kind(doc))
                            && (!Yaml.map(doc, "data").isEmpty() || !Yaml.map(doc, "stringData").isEmpty())) {
                        offenders.add(k8s.relativize(file) + ": Secret " + Yaml.name(doc));
                    }
                    if (doc.containsKey("secretGenerator")) {
                        offenders.add(k8s.relativize(file) + ": secretGenerator");
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "secret values committed: " + offenders);
    }

    @ParameterizedTest(name = "{0}/{1}: passwords, tokens and keys reach the service only as Secret references")
    @MethodSource("dev.agora.k8s.Agora#overlaysAndServices")
    void credentialsComeOnlyFromSecretReferences(String overlay, String service) {
        Env env = Rendered.overlay(overlay).env(service);
        List<String> literal = env.all().values().stream()
                .filter(s -> SECRET_NAME.matcher(s.name()).matches() && !s.fromSecret())
                .map(s -> s.name() + " (" + s.describe() + ")").toList();
        assertTrue(literal.isEmpty(), overlay + "/" + service + ": secret-looking variables not from a Secret: " + literal);
    }

    @ParameterizedTest(name = "{0}: only the gateway mounts the JWT signing key")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void onlyTheGatewayMountsTheSigningKey(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        String path = r.env(Agora.GATEWAY).value("AGORA_JWT_PRIVATE_KEY_LOCATION");
        String signingSecret = Yaml.maps(r.podSpec(Agora.GATEWAY), "volumes").stream()
                .filter(v -> Yaml.maps(r.container(Agora.GATEWAY), "volumeMounts").stream()
                        .anyMatch(m -> Yaml.str(m, "name").equals(Yaml.str(v, "name"))
                                && path.startsWith(Yaml.str(m, "mountPath") + "/")))
                .map(v -> Yaml.str(v, "secret", "secretName")).findFirst().orElseThrow();
        List<String> mounting = Agora.SERVICES.stream().filter(s -> Yaml.maps(r.podSpec(s), "volumes").stream()
                .anyMatch(v -> signingSecret.equals(Yaml.str(v, "secret", "secretName"))
                        || Yaml.maps(v, "projected", "sources").stream()
                                .anyMatch(src -> signingSecret.equals(Yaml.str(src, "secret", "name")))))
                .toList();
        assertEquals(List.of(Agora.GATEWAY), mounting, overlay + ": pods mounting " + signingSecret);
        for (String service : Agora.SERVICES) {
            assertTrue(r.env(service).wholeSecrets().stream().noneMatch(signingSecret::equals),
                    overlay + "/" + service + ": imports the signing key Secret as environment");
        }
    }
}
