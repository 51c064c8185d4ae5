package dev.agora.triggers.delivery.action;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agora.triggers.delivery.events.DeliveryEvents;
import io.smallrye.mutiny.Uni;

/**
 * {@code notification}: asks marketplace-service to notify the owner in the app. The request is published with the
 * attempt's result, in its transaction; {@code notificationId} is the job id, so a redelivered job asks for the same
 * notification again and the consumer keeps one.
 */
@ApplicationScoped
public class NotificationAction implements ActionHandler {
    private final ObjectMapper mapper;

    public NotificationAction(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String type() {
        return "notification";
    }

    @Override
    public Uni<ActionOutcome> deliver(Delivery delivery) {
        String title = Templates.render(delivery.text("title", "{{trigger.name}} fired"), delivery.context(), v -> v);
        String message = Templates.render(delivery.text("message", "{{event.type}} ({{event.id}})"), delivery.context(),
                v -> v);
        JsonNode data = JsonNodeFactory.instance.objectNode();
        JsonNode template = delivery.config().get("data");
        if (template != null && template.isObject()) {
            try {
                data = mapper.readTree(Templates.render(template.toString(), delivery.context(), Templates::json));
            } catch (Exception e) {
                return Uni.createFrom().item(ActionOutcome.failed(null, "data template is not JSON once rendered", null,
                        false, null));
            }
        }
        var job = delivery.job();
        DeliveryEvents.NotificationRequested request = new DeliveryEvents.NotificationRequested(job.id(), job.triggerId(),
                job.ownerId(), job.firingId(), truncate(title, 200), truncate(message, 2000),
                delivery.text("priority", "medium"), data, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return Uni.createFrom().item(ActionOutcome.succeeded(request));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
