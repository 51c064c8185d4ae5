package dev.agora.marketplace.stats.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The newest known state of one transaction paid to an agent (from its {@code agora.transaction.*} snapshots). */
@Entity
@Table(name = "stats_transaction_facts")
public class TransactionFact {
    @Id
    @Column(name = "transaction_id")
    public UUID transactionId;

    @Column(name = "agent_id")
    public UUID agentId;

    public String status;

    public BigDecimal amount;

    @Column(name = "refunded_amount")
    public BigDecimal refundedAmount;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
