package dev.agora.triggers.engine;

import static dev.agora.triggers.engine.EngineFixtures.event;
import static dev.agora.triggers.engine.EngineFixtures.feedback;
import static dev.agora.triggers.engine.EngineFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden tests: each stateless condition type and each operator. */
class ConditionTypesTest {

    private static boolean fires(String condition, EngineEvent event) {
        return Evaluator.evaluate(trigger(condition), event, path -> null).fired();
    }

    @ParameterizedTest(name = "score {0} {1} 50 -> {2}")
    @CsvSource({
            "49, <, true", "50, <, false", "51, >, true", "50, >, false", "50, <=, true", "51, <=, false",
            "50, >=, true", "49, >=, false", "50, =, true", "51, =, false", "50, ==, true", "49, ==, false",
            "49, !=, true", "50, !=, false", "51, <>, true", "50, <>, false" })
    void scoreThresholdComparesWithEveryOperator(int score, String operator, boolean expected) {
        assertEquals(expected, fires("{'type':'score_threshold','operator':'" + operator + "','value':50}",
                feedback("7", score, 100)));
    }

    @Test
    void scoreThresholdIsFalseForAnEventWithoutAScore() {
        assertFalse(fires("{'type':'score_threshold','operator':'<','value':50}", feedback("7", null, 100)));
        assertFalse(fires("{'type':'score_threshold','operator':'!=','value':50}", feedback("7", null, 100)));
    }

    @Test
    void scoreThresholdReadsAnotherFieldWhenTold() {
        EngineEvent review = event("agora.review.submitted.v1", "a", 1, "{'review':{'rating':2}}");
        assertTrue(fires("{'type':'score_threshold','field':'review.rating','operator':'<','value':3}", review));
    }

    @Test
    void agentIdEqualsMatchesTextAndNumberIds() {
        assertTrue(fires("{'type':'agent_id_equals','value':'7'}", feedback("7", 10, 1)));
        assertTrue(fires("{'type':'agent_id_equals','value':7}", feedback("7", 10, 1)));
        assertFalse(fires("{'type':'agent_id_equals','value':'8'}", feedback("7", 10, 1)));
    }

    @Test
    void eventTypeEqualsMatchesTheType() {
        assertTrue(fires("{'type':'event_type_equals','value':'NewFeedback'}", feedback("7", 10, 1)));
        assertFalse(fires("{'type':'event_type_equals','value':'Registered'}", feedback("7", 10, 1)));
    }

    @Test
    void tagEqualsMatchesEitherTag() {
        String condition = "{'type':'tag_equals','value':'latency'}";
        assertTrue(fires(condition, event("NewFeedback", "7", 1, "{'tag1':'latency','tag2':'x'}")));
        assertTrue(fires(condition, event("NewFeedback", "7", 1, "{'tag1':'x','tag2':'latency'}")));
        assertFalse(fires(condition, event("NewFeedback", "7", 1, "{'tag1':'x'}")));
    }

    @Test
    void validatorWhitelistComparesAddressesCaseInsensitively() {
        String condition = "{'type':'validator_whitelist','value':['0xAbC0000000000000000000000000000000000001']}";
        assertTrue(fires(condition, event("ValidationResponse", "7", 1,
                "{'validatorAddress':'0xabc0000000000000000000000000000000000001'}")));
        assertFalse(fires(condition, event("ValidationResponse", "7", 1,
                "{'validatorAddress':'0xabc0000000000000000000000000000000000002'}")));
        assertTrue(fires("{'type':'validator_whitelist','value':'0x01, 0x02'}",
                event("ValidationResponse", "7", 1, "{'validatorAddress':'0x02'}")));
    }

    @Test
    void fileUriExistsNeedsANonBlankUri() {
        String condition = "{'type':'file_uri_exists'}";
        assertTrue(fires(condition, event("NewFeedback", "7", 1, "{'fileUri':'ipfs://x'}")));
        assertFalse(fires(condition, event("NewFeedback", "7", 1, "{'fileUri':' '}")));
        assertFalse(fires(condition, event("NewFeedback", "7", 1, "{}")));
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "equals      | 'failed'            | {'d':{'status':'failed'}} | true",
            "equals      | 'failed'            | {'d':{'status':'ok'}}     | false",
            "equals      | 3                   | {'d':{'status':3.0}}      | true",
            "equals      | true                | {'d':{'status':true}}     | true",
            "not_equals  | 'failed'            | {'d':{'status':'ok'}}     | true",
            "not_equals  | 'failed'            | {}                        | true",
            "not_equals  | 'failed'            | {'d':{'status':'failed'}} | false",
            "gt          | 3                   | {'d':{'status':4}}        | true",
            "gt          | 3                   | {'d':{'status':3}}        | false",
            "gte         | 3                   | {'d':{'status':3}}        | true",
            "lt          | 3                   | {'d':{'status':2}}        | true",
            "lt          | 3                   | {'d':{'status':'x'}}      | false",
            "lte         | 3                   | {'d':{'status':3}}        | true",
            "lte         | 3                   | {}                        | false",
            "contains    | 'ail'               | {'d':{'status':'failed'}} | true",
            "contains    | 'b'                 | {'d':{'status':['a','b']}} | true",
            "contains    | 'c'                 | {'d':{'status':['a','b']}} | false",
            "starts_with | 'fa'                | {'d':{'status':'failed'}} | true",
            "starts_with | 'ai'                | {'d':{'status':'failed'}} | false",
            "in          | ['failed','stopped'] | {'d':{'status':'stopped'}} | true",
            "in          | ['failed','stopped'] | {'d':{'status':'ok'}}     | false",
            "exists      | true                | {'d':{'status':'ok'}}     | true",
            "exists      | true                | {'d':{'status':null}}     | false",
            "exists      | false               | {}                        | true" })
    void fieldConditionAppliesEachOperator(String operator, String value, String data, boolean expected) {
        String condition = "{'type':'field','path':'d.status','operator':'" + operator + "','value':" + value + "}";
        assertEquals(expected, fires(condition, event("agora.deployment.failed.v1", "a", 1, data)));
    }

    @Test
    void noConditionsFiresOnEveryEventPassingTheFilter() {
        CompiledTrigger trigger = trigger("[{'type':'agent_id_equals','value':'7'}]", null, false);
        assertTrue(Evaluator.evaluate(trigger, feedback("7", 1, 1), p -> null).fired());
        Evaluation other = Evaluator.evaluate(trigger, feedback("8", 1, 1), p -> null);
        assertFalse(other.passedFilter());
        assertEquals(Map.of(), other.states());
    }
}
