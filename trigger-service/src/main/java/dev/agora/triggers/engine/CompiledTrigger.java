package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An enabled trigger ready for matching: the index keys it listens on, its stateless filter and its condition tree
 * ({@code root} null: every event passing the filter fires it). {@code statefulLeaves} lists the tree's stateful
 * leaves in tree order (depth first, children in order), the order evaluation meets them: a leaf's index there is the
 * slot of its state. {@code flat} is the tree as ingestion runs it (null without a tree).
 */
public record CompiledTrigger(UUID id, UUID ownerId, List<String> sourceKeys, List<Node.Leaf> filter, Node root,
        boolean groupByAgent, List<Node.Leaf> statefulLeaves, FlatTree flat) {

    public CompiledTrigger {
        sourceKeys = List.copyOf(sourceKeys);
        filter = List.copyOf(filter);
        statefulLeaves = List.copyOf(statefulLeaves);
    }

    public static CompiledTrigger of(UUID id, UUID ownerId, List<String> sourceKeys, List<Node.Leaf> filter, Node root,
            boolean groupByAgent) {
        List<Node.Leaf> stateful = new ArrayList<>();
        collect(root, stateful);
        return new CompiledTrigger(id, ownerId, sourceKeys, filter, root, groupByAgent, stateful,
                root == null ? null : FlatTree.of(root));
    }

    public static String chainKey(long chainId, String registry) {
        return "chain:" + chainId + ":" + registry;
    }

    public static String platformKey(String eventType) {
        return "platform:" + eventType;
    }

    /** The state partition an event belongs to: its agent when grouping by agent, else the whole trigger. */
    public String groupKey(EngineEvent event) {
        return groupByAgent && event.agentId() != null ? event.agentId() : "";
    }

    /** Whether every filter condition holds: only then does the event reach the tree (and its state). */
    public boolean passesFilter(EngineEvent event) {
        for (Node.Leaf leaf : filter) {
            if (!((Condition.Stateless) leaf.condition()).test(event)) {
                return false;
            }
        }
        return true;
    }

    public boolean isStateful() {
        return !statefulLeaves().isEmpty();
    }

    private static void collect(Node node, List<Node.Leaf> leaves) {
        if (node instanceof Node.Leaf leaf) {
            if (leaf.isStateful()) {
                leaves.add(leaf);
            }
        } else if (node instanceof Node.All all) {
            all.children().forEach(child -> collect(child, leaves));
        } else if (node instanceof Node.Any any) {
            any.children().forEach(child -> collect(child, leaves));
        } else if (node instanceof Node.Not not) {
            collect(not.child(), leaves);
        }
    }
}
