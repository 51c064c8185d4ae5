package dev.agora.triggers.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.problem.FieldError;
import dev.agora.triggers.delivery.action.ActionOutcome;
import dev.agora.triggers.delivery.action.RetryPolicy;

class RetryPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RetryPolicy DEFAULTS = RetryPolicy.defaults(8, Duration.ofSeconds(5), Duration.ofHours(1));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void anActionsOwnSettingsOverrideTheDefaultsOneByOne() throws Exception {
        assertEquals(new RetryPolicy(3, 5_000, 3_600_000), DEFAULTS.forAction(json("{'retry':{'maxAttempts':3}}")));
        assertEquals(new RetryPolicy(8, 100, 200),
                DEFAULTS.forAction(json("{'retry':{'baseDelayMs':100,'maxDelayMs':200}}")));
        assertEquals(DEFAULTS, DEFAULTS.forAction(json("{'url':'https://example.com'}")));
    }

    @Test
    void timeoutsServerErrorsAndTooManyRequestsAreRetriedOtherStatusesAreFinal() {
        for (int status : new int[] { 408, 429, 500, 502, 503, 599 }) {
            assertTrue(RetryPolicy.isRetryable(status), "status " + status);
        }
        for (int status : new int[] { 200, 301, 400, 401, 403, 404, 410, 422 }) {
            assertFalse(RetryPolicy.isRetryable(status), "status " + status);
        }
    }

    @Test
    void aRetryableFailureIsTriedAgainUntilTheLastAttempt() {
        ActionOutcome serverError = ActionOutcome.failed(503, "down", null, true, null);
        assertTrue(RetryPolicy.triesAgain(serverError, 1, 3));
        assertTrue(RetryPolicy.triesAgain(serverError, 2, 3));
        assertFalse(RetryPolicy.triesAgain(serverError, 3, 3));
        assertFalse(RetryPolicy.triesAgain(ActionOutcome.failed(404, "gone", null, false, null), 1, 3));
        assertFalse(RetryPolicy.triesAgain(ActionOutcome.succeeded(200, ""), 1, 3));
    }

    @Test
    void theWaitIsJitteredBelowTheDoublingCeilingAndNeverAboveTheCap() {
        RetryPolicy policy = new RetryPolicy(25, 100, 1_000);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(policy.delayAfter(1, null) <= 100);
            assertTrue(policy.delayAfter(3, null) <= 400);
            long late = policy.delayAfter(20, null);
            assertTrue(late >= 0 && late <= 1_000, "delay " + late);
        }
    }

    @Test
    void theReceiversRetryAfterWins() {
        assertEquals(7_000, DEFAULTS.delayAfter(1, 7_000L));
    }

    @Test
    void aCapBelowTheBaseWaitsTheBase() {
        RetryPolicy policy = new RetryPolicy(5, 500, 10);
        for (int i = 0; i < 100; i++) {
            assertTrue(policy.delayAfter(4, null) <= 500);
        }
    }

    @Test
    void settingsOutsideTheirBoundsOrUnknownAreNamed() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        RetryPolicy.validate(json("{'maxAttempts':0,'baseDelayMs':5,'maxDelayMs':86400001,'jitter':true}"), "retry", errors);
        assertEquals(List.of("retry.jitter", "retry.maxAttempts", "retry.baseDelayMs", "retry.maxDelayMs"),
                errors.stream().map(FieldError::field).toList());

        List<FieldError> none = new ArrayList<>();
        RetryPolicy.validate(json("{'maxAttempts':25,'baseDelayMs':10,'maxDelayMs':86400000}"), "retry", none);
        RetryPolicy.validate(null, "retry", none);
        assertEquals(List.of(), none);

        List<FieldError> notAnObject = new ArrayList<>();
        RetryPolicy.validate(json("[1]"), "retry", notAnObject);
        assertEquals("retry", notAnObject.get(0).field());
    }
}
