package dev.agora.triggers.delivery.repository;

import static dev.agora.triggers.delivery.repository.NativeQueries.micros;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * {@code telegram_send_slots}: the next free Telegram send time overall ({@code '*'}) and per chat. Times are the
 * database's clock, so replicas whose clocks differ still agree.
 */
@ApplicationScoped
public class TelegramSlotRepository {
    private static final String ALL = "*";
    private static final String LOCK_ALL = "update telegram_send_slots set next_at = next_at where scope = '" + ALL + "'";
    private static final String RESERVE = "with chat as (select next_at from telegram_send_slots where scope = ?1),"
            + " slot as (select greatest(clock_timestamp(), (select next_at from telegram_send_slots where scope = '" + ALL
            + "'), coalesce((select next_at from chat), '-infinity')) as at),"
            + " saved as (insert into telegram_send_slots (scope, next_at)"
            + " select ?1, at + cast(?2 as bigint) * interval '1 microsecond' from slot union all"
            + " select '" + ALL + "', at + cast(?3 as bigint) * interval '1 microsecond' from slot"
            + " on conflict (scope) do update set next_at = excluded.next_at)"
            + " select cast(extract(epoch from at) * 1000000 as bigint),"
            + " cast(ceil(extract(epoch from (at - clock_timestamp())) * 1000) as bigint) from slot";

    /** A reserved send time and how long until it, by the database's clock (0 or less: now). */
    public record Slot(Instant at, long waitMillis) {
    }

    /**
     * Reserves the next slot for {@code chatId}, at least {@code perChatMicros} after the chat's previous one and
     * {@code spacingMicros} after anyone's; in a transaction. The first statement locks the overall row (as {@code for update} would), so that
     * the second (with a fresh snapshot) reads the slots every earlier reservation left.
     */
    public Uni<Slot> reserve(String chatId, long perChatMicros, long spacingMicros) {
        return NativeQueries.update(LOCK_ALL)
                .chain(() -> NativeQueries.rows(RESERVE, List.of("chat:" + chatId, perChatMicros, spacingMicros)))
                .map(rows -> new Slot(micros(rows.get(0)[0]), ((Number) rows.get(0)[1]).longValue()));
    }

    /** Forgets chats whose last slot is long past (they would get the current time anyway). */
    public Uni<Integer> purgeIdleChats() {
        return NativeQueries.update("delete from telegram_send_slots where scope <> '" + ALL + "'"
                + " and next_at < now() - interval '1 hour'");
    }
}
