package dev.agora.triggers.engine;

import java.util.Map;

/** The comparison of a numeric condition: {@code <, >, <=, >=, = (==), != (<>)}. */
public enum Operator {
    LT("<"), GT(">"), LTE("<="), GTE(">="), EQ("="), NE("!=");

    private static final Map<String, Operator> BY_SYMBOL = Map.of("<", LT, ">", GT, "<=", LTE, ">=", GTE, "=", EQ,
            "==", EQ, "!=", NE, "<>", NE);
    public static final String SYMBOLS = "<, >, <=, >=, =, ==, !=, <>";

    public final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator for a symbol, or null when it is not one. */
    public static Operator of(String symbol) {
        return symbol == null ? null : BY_SYMBOL.get(symbol.strip());
    }

    public boolean compare(double left, double right) {
        int order = Double.compare(left, right);
        return switch (this) {
            case LT -> order < 0;
            case GT -> order > 0;
            case LTE -> order <= 0;
            case GTE -> order >= 0;
            case EQ -> order == 0;
            case NE -> order != 0;
        };
    }
}
