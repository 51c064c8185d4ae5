package dev.agora.triggers.engine;

import static dev.agora.triggers.engine.EngineFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every flaw is reported at its JSON path. */
class DefinitionParserTest {

    private static List<String> errorPaths(String filter, String conditions) {
        return DefinitionParser.parse(filter == null ? null : json(filter), conditions == null ? null : json(conditions))
                .errors().stream().map(DefinitionError::path).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'type':'nope'}                                                       | conditions.type",
            "{'operator':'<'}                                                      | conditions.type",
            "{'type':'score_threshold','operator':'~','value':1}                   | conditions.operator",
            "{'type':'score_threshold','operator':'<'}                             | conditions.value",
            "{'type':'score_threshold','operator':'<','value':'x'}                 | conditions.value",
            "{'type':'ema_threshold','operator':'<','value':1}                     | conditions.config",
            "{'type':'ema_threshold','operator':'<','value':1,'config':{}}         | conditions.config.window_size",
            "{'type':'ema_threshold','operator':'<','value':1,'config':{'window_size':0}} | conditions.config.window_size",
            "{'type':'ema_threshold','operator':'<','value':1,'config':{'window_size':5,'alpha':0.2}} | conditions.config.alpha",
            "{'type':'rate_limit','operator':'>','value':1,'config':{'time_window':'5w'}} | conditions.config.time_window",
            "{'type':'rate_limit','operator':'>','value':1,'config':{}}            | conditions.config.time_window",
            "{'type':'rate_limit','operator':'>','value':1.5,'config':{'time_window':'1h'}} | conditions.value",
            "{'type':'rate_limit','operator':'>','value':1,'config':{'time_window':'1h','reset_on_trigger':'yes'}} | conditions.config.reset_on_trigger",
            "{'type':'field','operator':'equals','value':1}                        | conditions.path",
            "{'type':'field','path':'a b','operator':'equals','value':1}           | conditions.path",
            "{'type':'field','path':'a','operator':'like','value':1}               | conditions.operator",
            "{'type':'field','path':'a','operator':'in','value':'x'}               | conditions.value",
            "{'type':'field','path':'a','operator':'gt','value':'x'}               | conditions.value",
            "{'type':'field','path':'a','operator':'equals'}                       | conditions.value",
            "{'type':'tag_equals'}                                                 | conditions.value",
            "{'type':'validator_whitelist','value':[]}                             | conditions.value",
            "{'type':'file_uri_exists','value':1}                                  | conditions.value",
            "{'all':[]}                                                            | conditions.all",
            "{'all':{}}                                                            | conditions.all",
            "{'all':[{'type':'tag_equals','value':'x'}],'any':[]}                  | conditions",
            "{'any':[{'type':'tag_equals','value':'x'},{'not':{'type':'x'}}]}      | conditions.any[1].not.type",
            "{'all':[{'any':[{'type':'score_threshold','operator':'<'}]}]}        | conditions.all[0].any[0].value",
            "'text'                                                                | conditions" })
    void namesThePathOfTheFlaw(String conditions, String path) {
        assertEquals(List.of(path), errorPaths(null, conditions));
    }

    @Test
    void rejectsStatefulConditionsInTheFilter() {
        assertEquals(List.of("filter[1].type"), errorPaths("[{'type':'tag_equals','value':'x'},"
                + "{'type':'rate_limit','operator':'>','value':1,'config':{'time_window':'1h'}}]", null));
        assertEquals(List.of("filter"), errorPaths("{'type':'tag_equals','value':'x'}", null));
    }

    @Test
    void reportsEveryFlawAtOnce() {
        assertEquals(List.of("filter[0].value", "conditions.all[0].operator", "conditions.all[1].type"), errorPaths(
                "[{'type':'agent_id_equals'}]", "{'all':[{'type':'score_threshold','value':1},{'type':'zzz'}]}"));
    }

    @Test
    void limitsTheDepthOfTheTree() {
        String deep = "{'type':'tag_equals','value':'x'}";
        for (int i = 0; i < DefinitionParser.MAX_DEPTH + 1; i++) {
            deep = "{'not':" + deep + "}";
        }
        assertTrue(errorPaths(null, deep).get(0).startsWith("conditions.not"));
    }

    @Test
    void acceptsEveryConditionType() {
        String all = "{'all':[{'type':'agent_id_equals','value':'7'},{'type':'event_type_equals','value':'NewFeedback'},"
                + "{'type':'tag_equals','value':'x'},{'type':'score_threshold','operator':'<>','value':1},"
                + "{'type':'validator_whitelist','value':['0x1']},{'type':'file_uri_exists'},"
                + "{'type':'ema_threshold','operator':'<','value':50,'config':{'window_size':10}},"
                + "{'type':'rate_limit','operator':'>=','value':5,'config':{'time_window':'15m','reset_on_trigger':true}},"
                + "{'type':'field','path':'deployment.status','operator':'exists'}]}";
        assertEquals(List.of(), errorPaths(null, all));
    }
}
