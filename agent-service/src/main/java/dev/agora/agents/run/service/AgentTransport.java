package dev.agora.agents.run.service;

import io.smallrye.mutiny.Uni;

/**
 * One way of getting hired work to an agent and back. Calls are idempotent on the agent's side: the task id is the
 * message or request id of the first send, so a send repeated after a crash is recognised by the agent. A
 * transport never throws: a failure is an {@link AgentReply}.
 */
public interface AgentTransport {
    /** {@code a2a}, {@code http} or {@code llm}. */
    String name();

    /** Sends the task (or, when {@link RunCall#answer()} is set, the hirer's answer to the agent's question). */
    Uni<AgentReply> send(RunCall call);

    /** Asks how the work the agent took is going. */
    Uni<AgentReply> follow(RunCall call);

    /** Tells the agent the work is no longer wanted. */
    Uni<AgentReply> cancel(RunCall call);
}
