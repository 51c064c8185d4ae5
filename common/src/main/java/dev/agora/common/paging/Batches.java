package dev.agora.common.paging;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/** Work done in batches walked by key, each its own transaction, until a batch comes back short. */
public final class Batches {

    /** One batch's last key (null when it was empty) and how many rows it held. */
    public record Batch<K>(K last, int count) {
    }

    private Batches() {
    }

    /** Runs {@code batch} from the first key (null) onwards; the rows done in all. */
    public static <K> Uni<Long> untilShort(int size, Function<K, Uni<Batch<K>>> batch) {
        return from(null, 0, size, batch);
    }

    private static <K> Uni<Long> from(K after, long doneSoFar, int size, Function<K, Uni<Batch<K>>> batch) {
        return batch.apply(after).chain(done -> done.count() < size
                ? Uni.createFrom().item(doneSoFar + done.count())
                : from(done.last(), doneSoFar + done.count(), size, batch));
    }
}
