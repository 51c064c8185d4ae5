package dev.agora.agents.run.service;

/** What a claimed run's call does: send the task (or an answer), ask how it goes, or cancel it. */
public enum RunCallKind {
    SEND, FOLLOW, CANCEL;

    static RunCallKind forStatus(String status) {
        return switch (status) {
            case RunStatus.FOLLOWING -> FOLLOW;
            case RunStatus.CANCELLING -> CANCEL;
            default -> SEND;
        };
    }
}
