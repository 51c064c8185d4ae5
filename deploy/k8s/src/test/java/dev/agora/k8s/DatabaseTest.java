package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CloudNativePG: an answered commit survives the loss of the primary wherever there is a standby to hold it. */
class DatabaseTest {

    @ParameterizedTest(name = "{0}: with standbys, a commit is answered only once one of them has it")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void aCommitIsAnsweredOnlyOnceAStandbyHasItWhereThereAreStandbys(String overlay) {
        Map<String, Object> cluster = Rendered.overlay(overlay).only("Cluster");
        int instances = Yaml.integer(cluster, "spec", "instances");
        if (instances == 1) {
            assertNull(Yaml.at(cluster, "spec", "postgresql", "synchronous"),
                    overlay + ": a single instance has no standby to wait for: every write would hang");
            return;
        }
        Integer number = Yaml.integer(cluster, "spec", "postgresql", "synchronous", "number");
        assertTrue(number != null && number >= 1 && number < instances,
                overlay + ": synchronous standbys " + number + " of " + instances + " instances");
        assertEquals("required", Yaml.str(cluster, "spec", "postgresql", "synchronous", "dataDurability"), overlay);
        assertEquals(null, Yaml.str(cluster, "spec", "postgresql", "parameters", "synchronous_commit"),
                overlay + ": synchronous_commit keeps PostgreSQL's default (on)");
    }
}
