package dev.agora.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Strimzi: a KRaft cluster with node pools, and a KafkaTopic for every topic the code uses and its .dlq. */
class KafkaTest {

    @Test
    void theTopicListIsReadFromTheLocalStackAndTheServicesConfiguration() {
        Set<String> topics = Agora.topicsUsedByTheCode();
        assertTrue(topics.containsAll(List.of("identity.v1", "agents.v1", "deployments.v1", "marketplace.v1",
                "triggers.v1", "usage.v1")), "topics found: " + topics);
    }

    @ParameterizedTest(name = "{0}: every topic the code uses has a KafkaTopic, and so has its .dlq twin")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void everyTopicAndItsDeadLetterTwinHasAKafkaTopic(String overlay) {
        Set<String> declared = topicNames(Rendered.overlay(overlay));
        Set<String> missing = new TreeSet<>();
        for (String topic : Agora.topicsUsedByTheCode()) {
            for (String name : List.of(topic, topic + ".dlq")) {
                if (!declared.contains(name)) {
                    missing.add(name);
                }
            }
        }
        assertTrue(missing.isEmpty(), overlay + ": no KafkaTopic for " + missing);
    }

    @ParameterizedTest(name = "{0}: Kafka runs in KRaft mode with a node pool that has the broker and controller roles")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void kafkaRunsInKraftModeWithNodePools(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> kafka = r.only("Kafka");
        assertEquals("enabled", Yaml.str(kafka, "metadata", "annotations", "strimzi.io/kraft"), overlay + ": kraft annotation");
        assertEquals("enabled", Yaml.str(kafka, "metadata", "annotations", "strimzi.io/node-pools"),
                overlay + ": node-pools annotation");
        assertNull(Yaml.at(kafka, "spec", "zookeeper"), overlay + ": KRaft clusters have no ZooKeeper");
        List<Map<String, Object>> pools = r.ofKind("KafkaNodePool").stream()
                .filter(p -> Yaml.name(kafka).equals(Yaml.str(p, "metadata", "labels", "strimzi.io/cluster"))).toList();
        assertFalse(pools.isEmpty(), overlay + ": no KafkaNodePool labelled strimzi.io/cluster=" + Yaml.name(kafka));
        Set<Object> roles = new HashSet<>();
        pools.forEach(p -> roles.addAll(Yaml.list(p, "spec", "roles")));
        assertTrue(roles.containsAll(List.of("broker", "controller")), overlay + ": node pool roles " + roles);
        assertEquals("false", Yaml.str(kafka, "spec", "kafka", "config", "auto.create.topics.enable"),
                overlay + ": topics must come from KafkaTopic resources only");
    }

    @ParameterizedTest(name = "{0}: topics belong to the cluster, fit its brokers, keep min.insync.replicas below replicas and set retention (longer for .dlq)")
    @MethodSource("dev.agora.k8s.Agora#overlays")
    void topicsFitTheClusterAndSetRetention(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Object> kafka = r.only("Kafka");
        int brokers = r.ofKind("KafkaNodePool").stream()
                .filter(p -> Yaml.list(p, "spec", "roles").contains("broker"))
                .mapToInt(p -> Yaml.integer(p, "spec", "replicas")).sum();
        for (Map<String, Object> topic : r.ofKind("KafkaTopic")) {
            String name = topicName(topic);
            String where = overlay + " topic " + name;
            assertEquals(Yaml.name(kafka), Yaml.str(topic, "metadata", "labels", "strimzi.io/cluster"),
                    where + ": strimzi.io/cluster label");
            Integer partitions = Yaml.integer(topic, "spec", "partitions");
            Integer replicas = Yaml.integer(topic, "spec", "replicas");
            Integer minIsr = Yaml.integer(topic, "spec", "config", "min.insync.replicas");
            Long retention = Yaml.longValue(topic, "spec", "config", "retention.ms");
            assertNotNull(partitions, where + ": partitions");
            assertNotNull(replicas, where + ": replicas");
            assertNotNull(minIsr, where + ": min.insync.replicas");
            assertNotNull(retention, where + ": retention.ms");
            assertTrue(partitions >= 1 && replicas >= 1 && replicas <= brokers,
                    where + ": " + replicas + " replicas on " + brokers + " brokers");
            assertTrue(minIsr >= 1 && (minIsr < replicas || replicas == 1),
                    where + ": min.insync.replicas " + minIsr + " with " + replicas + " replicas leaves no room for a broker down");
            if (name.endsWith(".dlq")) {
                String main = name.substring(0, name.length() - 4);
                Map<String, Object> mainTopic = r.ofKind("KafkaTopic").stream().filter(t -> main.equals(topicName(t)))
                        .findFirst().orElseGet(() -> fail(where + ": a .dlq without its topic"));
                assertTrue(retention > Yaml.longValue(mainTopic, "spec", "config", "retention.ms"),
                        where + ": dead letters should be kept longer than the events themselves");
            }
        }
    }

    @Test
    void prodTopicsHaveSixPartitionsThreeReplicasAndMinInsyncReplicasTwo() {
        Rendered r = Rendered.overlay("prod");
        for (Map<String, Object> topic : r.ofKind("KafkaTopic")) {
            String where = "prod topic " + topicName(topic);
            assertEquals(6, Yaml.integer(topic, "spec", "partitions"), where + ": partitions");
            assertEquals(3, Yaml.integer(topic, "spec", "replicas"), where + ": replicas");
            assertEquals(2, Yaml.integer(topic, "spec", "config", "min.insync.replicas"), where + ": min.insync.replicas");
        }
        assertTrue(r.ofKind("KafkaNodePool").stream().filter(p -> Yaml.list(p, "spec", "roles").contains("broker"))
                .mapToInt(p -> Yaml.integer(p, "spec", "replicas")).sum() >= 3, "prod: at least 3 brokers");
    }

    private static Set<String> topicNames(Rendered r) {
        Set<String> names = new TreeSet<>();
        r.ofKind("KafkaTopic").forEach(t -> names.add(topicName(t)));
        return names;
    }

    private static String topicName(Map<String, Object> topic) {
        String name = Yaml.str(topic, "spec", "topicName");
        return name != null ? name : Yaml.name(topic);
    }
}
