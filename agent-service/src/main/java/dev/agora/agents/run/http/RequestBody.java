package dev.agora.agents.run.http;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.agents.run.service.RunCall;

/**
 * The body an api agent receives. Without a {@code requestTransform}: {@code {"taskId", "title", "description",
 * "taskType", "input", "answer"}}. With one, the template with {@code {{task.id}}}, {@code {{task.title}}},
 * {@code {{task.description}}}, {@code {{task.taskType}}}, {@code {{task.input}}} (title and description),
 * {@code {{answer}}}, {@code {{callbackUrl}}} and {@code {{callbackToken}}} (where and with which Bearer token the
 * agent reports the task's status) replaced by their values escaped for a JSON string; an unknown variable becomes
 * empty. The body may hold the callback token: it is never logged.
 */
public final class RequestBody {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");

    private RequestBody() {
    }

    public static String of(RunCall call, String template, String callbackUrl, String callbackToken, ObjectMapper mapper) {
        if (template == null || template.isBlank()) {
            ObjectNode body = mapper.createObjectNode().put("taskId", call.taskId().toString()).put("title", call.title())
                    .put("description", call.description()).put("taskType", call.taskType()).put("input", call.prompt());
            if (call.answer() != null) {
                body.put("answer", call.answer());
            }
            return body.toString();
        }
        Map<String, String> values = new HashMap<>();
        values.put("task.id", call.taskId().toString());
        values.put("task.title", call.title());
        values.put("task.description", call.description());
        values.put("task.taskType", call.taskType());
        values.put("task.input", call.prompt());
        values.put("answer", call.answer());
        values.put("callbackUrl", callbackUrl);
        values.put("callbackToken", callbackToken);
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? ""
                    : new String(JsonStringEncoder.getInstance().quoteAsString(value))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
