package dev.agora.marketplace.task.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of a task's execution trail, from one {@code agents.v1} task-run event: the work dispatched, a status,
 * thought, output or retried attempt the agent reported, its question, its result, its failure, or dispatch giving up.
 * Written once per event ({@code event_id} unique) and never changed.
 */
@Entity
@Table(name = "task_steps")
public class TaskStep {
    @Id
    public UUID id;

    /** Insertion order: breaks ties between steps of the same time. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "task_id")
    public UUID taskId;

    public String kind;

    @Column(name = "step_text")
    public String text;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode data;

    public int attempt;

    public Instant at;

    @Column(name = "event_id")
    public String eventId;
}
