package dev.agora.triggers.engine;

import java.util.List;

/**
 * A node of a condition tree. {@code path} is the node's JSON path in the trigger definition
 * ({@code conditions.all[1]}): it names the node in validation errors and results, and keys a leaf's state.
 */
public sealed interface Node permits Node.All, Node.Any, Node.Not, Node.Leaf {

    String path();

    record All(String path, List<Node> children) implements Node {
    }

    record Any(String path, List<Node> children) implements Node {
    }

    record Not(String path, Node child) implements Node {
    }

    record Leaf(String path, String type, Condition condition) implements Node {
        public boolean isStateful() {
            return condition instanceof Condition.Stateful;
        }
    }
}
