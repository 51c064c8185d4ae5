package dev.agora.triggers.delivery.action;

import io.smallrye.mutiny.Uni;

/** Delivers one action type. Never fails its Uni: every failure is an {@link ActionOutcome}. */
public interface ActionHandler {

    String type();

    Uni<ActionOutcome> deliver(Delivery delivery);
}
