package dev.agora.common.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class IdempotentConsumerOrderTest {

    @Test
    void appliesManyStepsThatCompleteAtOnceInOrderWithoutNestingThem() {
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        List<Integer> applied = new ArrayList<>();

        IdempotentConsumer.inOrder(items, item -> {
            applied.add(item);
            return Uni.createFrom().voidItem();
        }).await().atMost(Duration.ofSeconds(30));

        // chained instead, the steps nest: a stack overflow long before the last
        assertEquals(items, applied);
    }

    @Test
    void stopsAtTheFirstFailingStep() {
        List<Integer> applied = new ArrayList<>();

        Uni<Void> all = IdempotentConsumer.inOrder(List.of(1, 2, 3), item -> {
            applied.add(item);
            return item == 2 ? Uni.createFrom().failure(new IllegalStateException("step " + item))
                    : Uni.createFrom().voidItem();
        });

        assertEquals("step 2", all.onItem().transform(nothing -> "no failure")
                .onFailure().recoverWithItem(Throwable::getMessage).await().indefinitely());
        assertEquals(List.of(1, 2), applied);
    }
}
