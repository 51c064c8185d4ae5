package dev.agora.marketplace.stream.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.stream.repository.StreamTicketRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Short-lived one-time tickets that let a browser's EventSource (which cannot send headers) open a stream without
 * a long-lived token in the URL. 256 random bits, shown once, stored as SHA-256 in PostgreSQL, so a ticket issued
 * by one replica opens a stream on any other.
 */
@ApplicationScoped
public class StreamTicketService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StreamTicketRepository tickets;
    private final StreamConfig config;

    public StreamTicketService(StreamTicketRepository tickets, StreamConfig config) {
        this.tickets = tickets;
        this.config = config;
    }

    public record Ticket(String ticket, Instant expiresAt) {
    }

    public Uni<Ticket> issue(UUID userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return tickets.insert(hash(ticket), userId, config.ticketTtl()).map(expiresAt -> new Ticket(ticket, expiresAt));
    }

    /** The ticket's user, once; null when the ticket is unknown, expired or already used. */
    public Uni<UUID> consume(String ticket) {
        return tickets.consume(hash(ticket));
    }

    @Scheduled(every = "${agora.stream.ticket-cleanup-every}", delayed = "${agora.stream.ticket-cleanup-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return tickets.deleteExpired(Instant.now()).replaceWithVoid();
    }

    static String hash(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
