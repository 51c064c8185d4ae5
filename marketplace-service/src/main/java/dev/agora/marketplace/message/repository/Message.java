package dev.agora.marketplace.message.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A message in a task's thread, between its hirer and the agent's owner. */
@Entity
@Table(name = "messages")
public class Message {
    @Id
    public UUID id;

    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "sender_id")
    public UUID senderId;

    @Column(name = "recipient_id")
    public UUID recipientId;

    @Column(name = "message_text")
    public String text;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Written by the agent (its question to the hirer), sent in its owner's name. */
    @Column(name = "from_agent")
    public boolean fromAgent;
}
