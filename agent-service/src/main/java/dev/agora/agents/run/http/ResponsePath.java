package dev.agora.agents.run.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * An api agent's {@code responseTransform}: a path into its JSON answer in jq's simple form ({@code .output},
 * {@code .choices[0].message.content}, {@code .["odd key"]}, or {@code .} for the whole answer), which picks the
 * task's result out of the answer.
 */
public final class ResponsePath {
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)|\\.?\\[(\\d+)]|\\.?\\[\"([^\"]*)\"]");

    private final List<Object> steps;

    private ResponsePath(List<Object> steps) {
        this.steps = steps;
    }

    /** The path, or null when {@code text} is not one. */
    public static ResponsePath parse(String text) {
        String path = text.strip();
        if (path.equals(".")) {
            return new ResponsePath(List.of());
        }
        if (!path.startsWith(".")) {
            return null;
        }
        List<Object> steps = new ArrayList<>();
        Matcher matcher = STEP.matcher(path);
        int at = 0;
        while (at < path.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                return null;
            }
            if (matcher.group(1) != null) {
                steps.add(matcher.group(1));
            } else if (matcher.group(2) != null) {
                steps.add(Integer.parseInt(matcher.group(2)));
            } else {
                steps.add(matcher.group(3));
            }
            at = matcher.end();
        }
        return new ResponsePath(steps);
    }

    /** What the path picks from {@code answer}: a missing node when it leads nowhere. */
    public JsonNode apply(JsonNode answer) {
        JsonNode node = answer;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
            if (node.isMissingNode()) {
                return MissingNode.getInstance();
            }
        }
        return node;
    }
}
