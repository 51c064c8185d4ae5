package dev.agora.triggers.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.problem.FieldError;
import dev.agora.triggers.TestChain;
import dev.agora.triggers.event.repository.ChainEvent;
import dev.agora.triggers.event.service.ChainEventValidator;

class ChainEventValidatorTest {

    private static List<String> failingFields(ObjectNode event) {
        List<FieldError> errors = new ArrayList<>();
        ChainEvent read = ChainEventValidator.read(event, "events[0]", errors);
        if (!errors.isEmpty()) {
            assertNull(read);
        }
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aWellFormedEventIsReadWithItsIdFromChainBlockAndLogIndex() {
        List<FieldError> errors = new ArrayList<>();
        ChainEvent event = ChainEventValidator.read(TestChain.feedback(84532, 7, 3, "42", 55, 1_700_000_000L),
                "events[0]", errors);
        assertEquals(List.of(), errors);
        assertEquals("84532-7-3", event.id());
    }

    @Test
    void everyRequiredFieldMissingIsNamed() {
        assertEquals(List.of("events[0].chainId", "events[0].blockNumber", "events[0].blockHash",
                "events[0].transactionHash", "events[0].logIndex", "events[0].registry", "events[0].eventType",
                "events[0].timestamp"), failingFields(TestChain.JSON.createObjectNode()));
    }

    @Test
    void malformedValuesAreNamedOneByOne() {
        ObjectNode event = TestChain.feedback(84532, 7, 3, "42", 55, 1_700_000_000L);
        event.put("blockHash", "0x12").put("registry", "gossip").put("score", 101)
                .put("agentId", "1" + "0".repeat(78));
        assertEquals(List.of("events[0].blockHash", "events[0].registry", "events[0].agentId", "events[0].score"),
                failingFields(event));
    }

    @Test
    void somethingOtherThanAnObjectIsNamedAsAWhole() {
        List<FieldError> errors = new ArrayList<>();
        assertNull(ChainEventValidator.read(TestChain.JSON.createArrayNode(), "events[4]", errors));
        assertEquals(List.of("events[4]"), errors.stream().map(FieldError::field).toList());
    }
}
