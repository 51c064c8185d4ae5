package dev.agora.marketplace.transaction.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An on-chain transaction a user reported; the signature is its unique on-chain id. */
@Entity
@Table(name = "transactions")
public class PaymentTransaction {
    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "task_id")
    public UUID taskId;

    public String signature;

    @Column(name = "transaction_type")
    public String type;

    public BigDecimal amount;

    @Column(name = "refunded_amount")
    public BigDecimal refundedAmount;

    public String asset;
    public String chain;
    public String status;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "failed_at")
    public Instant failedAt;

    @Column(name = "refunded_at")
    public Instant refundedAt;
}
