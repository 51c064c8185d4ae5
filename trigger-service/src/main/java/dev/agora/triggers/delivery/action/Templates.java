package dev.agora.triggers.delivery.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code {{variable}}} templates over a documented whitelist of variables; every value is escaped for its target by
 * the caller's escaper. A variable that is not on the whitelist is a definition error, never a delivery surprise.
 */
public final class Templates {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern DATA_PATH = Pattern.compile("event\\.data(\\.[A-Za-z0-9_-]+)+");
    public static final Set<String> VARIABLES = Set.of("trigger.id", "trigger.name", "trigger.description",
            "firing.id", "firing.firedAt", "firing.groupKey", "firing.matchedConditions",
            "event.id", "event.type", "event.agentId", "event.time", "event.source",
            "event.chainId", "event.blockNumber", "event.blockHash", "event.transactionHash", "event.logIndex",
            "event.registry", "event.eventType", "event.timestamp", "event.owner", "event.tokenUri", "event.metadataKey",
            "event.metadataValue", "event.clientAddress", "event.feedbackIndex", "event.score", "event.tag1",
            "event.tag2", "event.fileUri", "event.fileHash", "event.validatorAddress", "event.requestHash",
            "event.response", "event.responseUri", "event.responseHash", "event.tag");
    private static final Set<String> EVENT_META = Set.of("id", "type", "agentId", "time", "source");

    private Templates() {
    }

    /** The variables of {@code template} that are not on the whitelist. */
    public static List<String> unknownVariables(String template) {
        List<String> unknown = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(template);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!VARIABLES.contains(name) && !DATA_PATH.matcher(name).matches()) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Replaces each variable by its value (empty when absent), passed through {@code escape}. */
    public static String render(String template, JsonNode context, UnaryOperator<String> escape) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(escape.apply(text(lookup(context, matcher.group(1))))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * The rendering context of a firing: {@code trigger}, {@code firing} and {@code event} ({@code id, type, agentId,
     * time, source, data}).
     */
    public static ObjectNode context(JsonNode trigger, JsonNode firing, JsonNode event) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.set("trigger", trigger);
        context.set("firing", firing);
        context.set("event", event);
        return context;
    }

    private static JsonNode lookup(JsonNode context, String name) {
        String[] parts = name.split("\\.");
        JsonNode node = context.path(parts[0]);
        // event.score reads the event's own field; event.id, event.type, ... its metadata; event.data.x any payload path
        if ("event".equals(parts[0]) && parts.length == 2 && !EVENT_META.contains(parts[1])) {
            node = node.path("data");
        }
        for (int i = 1; i < parts.length; i++) {
            node = node.path(parts[i]);
        }
        return node;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray() && value.size() > 0 && value.get(0).isTextual()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Escapes for the inside of a JSON string (also safe where a number is expected). */
    public static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Escapes Telegram MarkdownV2's special characters (and the backslash) so a value is shown literally. */
    public static String markdownV2(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if ("_*[]()~`>#+-=|{}.!\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** For header values: no line breaks, so a value cannot add headers. */
    public static String headerValue(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}
