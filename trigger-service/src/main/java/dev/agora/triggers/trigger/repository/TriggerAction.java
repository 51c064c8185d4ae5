package dev.agora.triggers.trigger.repository;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What a trigger does when it fires ({@code trigger_actions}); delivered by the action workers. */
@Entity
@Table(name = "trigger_actions")
public class TriggerAction {
    @Id
    public UUID id;

    @Column(name = "trigger_id")
    public UUID triggerId;

    public int position;

    @Column(name = "action_type")
    public String actionType;

    /** Lower number first. */
    public int priority;

    /** JSON object of the action's settings. */
    public String config;
}
