package dev.agora.marketplace.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.leaderboard.model.LeaderboardFormula;

class LeaderboardFormulaTest {
    private static final LeaderboardFormula FORMULA = new LeaderboardFormula(new BigDecimal("0.40"),
            new BigDecimal("0.30"), new BigDecimal("0.20"), new BigDecimal("0.10"));

    @Test
    void bindsExactlyTheWeightsItsSqlNames() {
        Set<String> named = new TreeSet<>();
        Matcher parameter = Pattern.compile(":(\\w+)").matcher(LeaderboardFormula.SCORE_SQL);
        while (parameter.find()) {
            named.add(parameter.group(1));
        }
        assertEquals(named, new TreeSet<>(FORMULA.parameters().keySet()));
    }

    @Test
    void theApiDescribesTheConfiguredDefaultWeights() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (String weight : new String[] { "success-rate", "tasks", "rating", "earnings" }) {
            String value = properties.getProperty("agora.leaderboard.weights." + weight);
            String fallback = value.substring(value.lastIndexOf(':') + 1, value.length() - 1);
            assertTrue(LeaderboardFormula.DESCRIPTION.contains(fallback + "·"), weight + " " + fallback);
            sum = sum.add(new BigDecimal(fallback));
        }
        assertEquals(0, BigDecimal.ONE.compareTo(sum), "the default weights add up to " + sum);
    }
}
