package dev.agora.triggers.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition tree flattened for ingestion: its leaves in tree order and a post-order program over them, so an event
 * is run through it in one loop, with no node objects to walk and no recursion. Every leaf is evaluated, like
 * {@link Evaluator}'s tree walk; the outcomes of finished subtrees wait on a stack of bits, and the leaves that held
 * are bits too (a tree has at most {@link DefinitionParser#MAX_LEAVES} leaves, and never more outcomes waiting than
 * leaves).
 */
public final class FlatTree {
    private static final int LEAF = 0;
    private static final int ALL = 1;
    private static final int ANY = 2;
    private static final int NOT = 3;
    private static final int MAX_LEAVES = 62;
    /** The bit of {@link #run}'s answer saying whether the tree held. */
    static final long HELD = 1L << 63;

    /** Each instruction is an operation in the low two bits and its argument above: a leaf's index, a group's size. */
    private final int[] program;
    private final Condition[] leaves;
    private final String[] paths;

    private FlatTree(int[] program, Condition[] leaves, String[] paths) {
        this.program = program;
        this.leaves = leaves;
        this.paths = paths;
    }

    static FlatTree of(Node root) {
        List<Integer> program = new ArrayList<>();
        List<Node.Leaf> leaves = new ArrayList<>();
        emit(root, program, leaves);
        if (leaves.size() > MAX_LEAVES) {
            throw new IllegalArgumentException("a tree of " + leaves.size() + " leaves cannot be flattened");
        }
        return new FlatTree(program.stream().mapToInt(Integer::intValue).toArray(),
                leaves.stream().map(Node.Leaf::condition).toArray(Condition[]::new),
                leaves.stream().map(Node.Leaf::path).toArray(String[]::new));
    }

    /** Appends the node's program: its children's first, then its own operation. */
    private static void emit(Node node, List<Integer> program, List<Node.Leaf> leaves) {
        if (node instanceof Node.Leaf leaf) {
            program.add(LEAF | leaves.size() << 2);
            leaves.add(leaf);
        } else if (node instanceof Node.Not not) {
            emit(not.child(), program, leaves);
            program.add(NOT);
        } else {
            List<Node> children = node instanceof Node.All all ? all.children() : ((Node.Any) node).children();
            children.forEach(child -> emit(child, program, leaves));
            program.add((node instanceof Node.All ? ALL : ANY) | children.size() << 2);
        }
    }

    /** The paths of the leaves whose bits are set in {@code outcome}, in tree order. */
    List<String> matched(long outcome) {
        if ((outcome & ~HELD) == 0) {
            return List.of();
        }
        List<String> matched = new ArrayList<>(Long.bitCount(outcome & ~HELD));
        for (long bits = outcome & ~HELD; bits != 0; bits &= bits - 1) {
            matched.add(paths[Long.numberOfTrailingZeros(bits)]);
        }
        return matched;
    }

    /**
     * Runs the event through the tree: {@link #HELD} set when it holds, and bit i when leaf i held. Stateful leaves
     * read {@code current} and write {@code next} by slot (the order they are met).
     */
    long run(EngineEvent event, ConditionState[] current, ConditionState[] next) {
        long outcomes = 0;
        long held = 0;
        int slot = 0;
        for (int instruction : program) {
            int argument = instruction >>> 2;
            switch (instruction & 3) {
                case LEAF -> {
                    boolean holds;
                    if (leaves[argument] instanceof Condition.Stateful stateful) {
                        Condition.Step step = stateful.step(current[slot], event);
                        next[slot++] = step.state();
                        holds = step.matched();
                    } else {
                        holds = ((Condition.Stateless) leaves[argument]).test(event);
                    }
                    if (holds) {
                        held |= 1L << argument;
                    }
                    outcomes = outcomes << 1 | (holds ? 1 : 0);
                }
                case ALL -> {
                    long mask = (1L << argument) - 1;
                    outcomes = (outcomes >>> argument) << 1 | ((outcomes & mask) == mask ? 1 : 0);
                }
                case ANY -> {
                    long mask = (1L << argument) - 1;
                    outcomes = (outcomes >>> argument) << 1 | ((outcomes & mask) != 0 ? 1 : 0);
                }
                default -> outcomes ^= 1;
            }
        }
        if (slot != next.length) {
            throw new IllegalStateException("met " + slot + " stateful leaves of " + next.length);
        }
        return (outcomes & 1) != 0 ? held | HELD : held;
    }
}
