package dev.agora.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No private key is committed outside test code: each installation generates its own (.agora/keys), Kubernetes takes
 * them from Secrets, and the only keys in the repository are test keys under src/test.
 */
class NoPrivateKeyOutsideTestsTest {
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z]+ )?PRIVATE KEY-----");

    @Test
    void noPrivateKeyOutsideTestCode() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "../..")).toAbsolutePath().normalize();
        List<Path> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String path = root.relativize(file).toString();
                if (path.startsWith(".git/") || path.startsWith(".agora/") || path.contains("/target/")
                        || path.contains("/src/test/") || Files.size(file) > 1_000_000) {
                    continue;
                }
                if (PRIVATE_KEY.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).find()) {
                    offending.add(root.relativize(file));
                }
            }
        }
        assertEquals(List.of(), offending, "private keys outside src/test");
    }
}
