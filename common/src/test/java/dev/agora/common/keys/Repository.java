package dev.agora.common.keys;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository this module is built in (its tests read keys and configuration committed elsewhere in it). */
final class Repository {
    private Repository() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("common")) && Files.isDirectory(p.resolve("test-support"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
}
