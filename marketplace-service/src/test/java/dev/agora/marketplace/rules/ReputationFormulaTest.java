package dev.agora.marketplace.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.agora.marketplace.profile.repository.ReputationFacts;
import dev.agora.marketplace.profile.service.ReputationFormula;

/** Worked by hand: round(70 · (bayesianMean − 1) / 4 + 30 · completed / finished), bayesianMean = (15 + Σ) / (5 + n). */
class ReputationFormulaTest {

    private static Integer score(long reviews, long ratingSum, long completed, long failed) {
        return ReputationFormula.score(new ReputationFacts(reviews, ratingSum, completed, failed));
    }

    @Test
    void noFinishedTaskIsNoScore() {
        assertNull(score(0, 0, 0, 0));
    }

    @Test
    void withoutReviewsTheRatingIsThePriorsThree() {
        assertEquals(65, score(0, 0, 1, 0)); // 35 + 30
        assertEquals(35, score(0, 0, 0, 1)); // 35 + 0
    }

    @Test
    void reviewsPullTheRatingFromThePriorAsTheyAddUp() {
        assertEquals(71, score(1, 5, 1, 0)); // mean 20/6: 40.83 + 30
        assertEquals(88, score(10, 50, 10, 0)); // mean 65/15: 58.33 + 30
        assertEquals(2, score(100, 100, 0, 5)); // mean 115/105: 1.67 + 0
    }

    @Test
    void halvesRoundUp() {
        assertEquals(43, score(0, 0, 1, 3)); // 35 + 7.5 = 42.5
    }
}
