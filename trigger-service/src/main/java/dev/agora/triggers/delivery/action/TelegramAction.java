package dev.agora.triggers.delivery.action;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.outbound.GuardedHttp;
import dev.agora.triggers.delivery.repository.TelegramSlotRepository;
import dev.agora.triggers.delivery.service.DeliveryConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * {@code telegram}: {@code sendMessage} in MarkdownV2; the template is the owner's MarkdownV2, every value put into it
 * is escaped. Every message reserves a send slot under the cluster-wide rate limits (30/s overall, 1/s per chat,
 * {@link TelegramRateLimiter}) and waits for it: a short wait on a timer, a longer one back in the queue (the job is
 * claimed again shortly before its slot, no attempt counted). The bot token (the action's own or the configured one)
 * only ever appears in the request path.
 */
@ApplicationScoped
public class TelegramAction implements ActionHandler {
    private static final int MAX_TEXT = 4096;

    private final GuardedHttp http;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final DeliveryConfig.Telegram config;
    private final TelegramRateLimiter limiter;
    /** Waits up to this long on a timer; a job whose slot is further away is queued and claimed again this long before it. */
    private final long maxTimerWaitMillis;

    public TelegramAction(GuardedHttp http, Vertx vertx, ObjectMapper mapper, DeliveryConfig config,
            TelegramSlotRepository slots) {
        this.http = http;
        this.vertx = vertx;
        this.mapper = mapper;
        this.config = config.telegram();
        this.limiter = new TelegramRateLimiter(slots, this.config.messagesPerSecond(), this.config.perChatInterval());
        // two polls and a second of margin, so that a queued job is claimed before its slot has passed
        this.maxTimerWaitMillis = 2 * DurationConverter.parseDuration(config.pollInterval()).toMillis() + 1000;
    }

    @Override
    public String type() {
        return "telegram";
    }

    @Override
    public Uni<ActionOutcome> deliver(Delivery delivery) {
        String token = delivery.text("botToken", config.botToken().orElse(null));
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(ActionOutcome.failed(null, "no bot token: set botToken on the action or"
                    + " agora.triggers.delivery.telegram.bot-token", null, false, null));
        }
        JsonNode chat = delivery.config().get("chatId");
        String text = Templates.render(delivery.text("message", ""), delivery.context(), Templates::markdownV2);
        ObjectNode body = mapper.createObjectNode().put("text", fit(text)).put("parse_mode", "MarkdownV2");
        body.set("chat_id", chat);
        URI url = URI.create(config.apiBaseUrl().replaceAll("/+$", "") + "/bot" + token + "/sendMessage");
        Long keptSlotWait = delivery.job().sendSlotWaitMillis();
        if (keptSlotWait != null && keptSlotWait > 0) {
            return after(keptSlotWait, send(url, body, delivery));
        }
        // no slot kept, or claimed after it had passed: a late send could crowd the next message of the chat;
        // @channel names ignore case
        return limiter.reserve(chat.asText().toLowerCase(Locale.ROOT))
                .chain(slot -> slot.waitMillis() > maxTimerWaitMillis ? Uni.createFrom().item(ActionOutcome.queued(slot.at(), maxTimerWaitMillis))
                : after(slot.waitMillis(), send(url, body, delivery)))
                .onFailure().recoverWithItem(ActionOutcome::ofFailure);
    }

    private Uni<ActionOutcome> after(long waitMillis, Uni<ActionOutcome> send) {
        return waitMillis <= 0 ? send
                : Uni.createFrom().completionStage(() -> vertx.timer(waitMillis).toCompletionStage()).chain(() -> send);
    }

    private Uni<ActionOutcome> send(URI url, ObjectNode body, Delivery delivery) {
        return Uni.createFrom().completionStage(() -> http.exchange("POST", url,
                Map.of("Content-Type", "application/json"), body.toString(), delivery.timeoutMillis()).toCompletionStage())
                .map(reply -> {
                    ActionOutcome outcome = ActionOutcome.ofHttp(reply, status -> status >= 200 && status < 300);
                    if (outcome.success() || outcome.retryAfterMillis() != null) {
                        return outcome;
                    }
                    JsonNode answer = parse(reply.body());
                    JsonNode retryAfter = answer.path("parameters").path("retry_after");
                    String description = answer.path("description").asText("unexpected HTTP status " + reply.status());
                    return ActionOutcome.failed(reply.status(), description, reply.body(), outcome.retryable(),
                            retryAfter.canConvertToLong() ? retryAfter.longValue() * 1000 : null);
                })
                .onFailure().recoverWithItem(ActionOutcome::ofFailure);
    }

    /** At most 4096 characters, never ending in half an escape. */
    private static String fit(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        String cut = text.substring(0, MAX_TEXT - 1);
        int backslashes = 0;
        for (int i = cut.length() - 1; i >= 0 && cut.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return (backslashes % 2 == 1 ? cut.substring(0, cut.length() - 1) : cut) + "…";
    }

    private JsonNode parse(String body) {
        try {
            return mapper.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }
}
