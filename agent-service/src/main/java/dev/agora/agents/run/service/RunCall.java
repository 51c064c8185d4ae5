package dev.agora.agents.run.service;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call about a run, with what the transport needs: the task's text, the agent's opened endpoint (secrets in
 * clear, in memory only) or LLM settings, where the work stands at the agent (and whether it accepted push
 * notifications about it), and where a streaming call reports what the agent says meanwhile.
 */
public record RunCall(UUID taskId, String title, String description, String taskType, String answer,
        String remoteTaskId, String remoteContextId, String remoteStatusUrl, boolean pushNotifications, JsonNode endpoint,
        JsonNode llmConfig, String systemPrompt, ProgressSink progress) {

    /** The text the agent is asked to work on: the task's title and description. */
    public String prompt() {
        return title + "\n\n" + description;
    }
}
