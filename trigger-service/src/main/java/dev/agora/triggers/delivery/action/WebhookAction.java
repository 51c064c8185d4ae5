package dev.agora.triggers.delivery.action;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.outbound.GuardedHttp;
import io.smallrye.mutiny.Uni;

/**
 * The webhook (action type {@code rest}): an HTTP request to the owner's URL, signed the Standard Webhooks way
 * ({@code webhook-id} = the job id, stable across retries, so receivers can drop duplicates). Without a body template
 * the body is the firing as JSON.
 */
@ApplicationScoped
public class WebhookAction implements ActionHandler {
    private final GuardedHttp http;

    public WebhookAction(GuardedHttp http) {
        this.http = http;
    }

    @Override
    public String type() {
        return "rest";
    }

    @Override
    public Uni<ActionOutcome> deliver(Delivery delivery) {
        ObjectNode config = delivery.config();
        String method = delivery.text("method", "POST");
        String body = "GET".equals(method) ? null : body(delivery);
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.put("User-Agent", "Agora-Triggers/1");
        JsonNode custom = config.get("headers");
        if (custom != null && custom.isObject()) {
            custom.fields().forEachRemaining(header -> headers.put(header.getKey(),
                    Templates.headerValue(Templates.render(header.getValue().asText(), delivery.context(),
                            Templates::headerValue))));
        }
        JsonNode token = config.get("authToken");
        if (token != null && token.isTextual()) {
            headers.put("Authorization", "Bearer " + token.asText());
        }
        if (delivery.signingSecret() != null) {
            String id = delivery.job().id().toString();
            long timestamp = System.currentTimeMillis() / 1000;
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", WebhookSignature.sign(delivery.signingSecret(), id, timestamp,
                    body == null ? "" : body));
        }
        IntPredicate expected = expected(config.get("expectedStatusCodes"));
        return Uni.createFrom().completionStage(() -> http.exchange(method, URI.create(delivery.text("url", "")), headers,
                body, delivery.timeoutMillis()).toCompletionStage())
                .map(reply -> ActionOutcome.ofHttp(reply, expected))
                .onFailure().recoverWithItem(ActionOutcome::ofFailure);
    }

    private static String body(Delivery delivery) {
        JsonNode template = delivery.config().get("body");
        if (template == null || template.isNull()) {
            ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", "agora.trigger.fired");
            json.setAll(delivery.context());
            return json.toString();
        }
        return Templates.render(template.isTextual() ? template.asText() : template.toString(), delivery.context(),
                Templates::json);
    }

    private static IntPredicate expected(JsonNode codes) {
        if (codes == null || !codes.isArray()) {
            return status -> status >= 200 && status < 300;
        }
        Set<Integer> set = new HashSet<>();
        codes.forEach(code -> set.add(code.intValue()));
        return set::contains;
    }
}
