package dev.agora.marketplace.ledger.service;

import java.math.BigDecimal;

/** The ledger's unit: whole microALGO, the smallest unit of ALGO (catalog prices and task budgets use it too). */
public final class Microalgo {
    public static final String ASSET = "microALGO";

    private Microalgo() {
    }

    /** Whether {@code amount} is a whole number of microALGO. */
    public static boolean isWhole(BigDecimal amount) {
        return amount != null && amount.stripTrailingZeros().scale() <= 0;
    }

    /** {@code amount} as a count of microALGO; it must be {@link #isWhole whole}. */
    public static long of(BigDecimal amount) {
        return amount.stripTrailingZeros().longValueExact();
    }

    /** JSON money: an exact decimal as a string. */
    public static String text(long amount) {
        return Long.toString(amount);
    }
}
