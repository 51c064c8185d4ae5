package dev.agora.gateway.verification.service;

import jakarta.inject.Singleton;

import dev.agora.gateway.proxy.RateLimitConfig;
import dev.agora.gateway.proxy.RateLimiter;
import dev.agora.gateway.verification.VerificationConfig;
import io.smallrye.mutiny.Uni;

/**
 * A small budget of mail requests (password reset, verification resend) per email address and per client address,
 * so the endpoints cannot flood an inbox: token buckets of the edge's {@link RateLimiter}, shared by every replica.
 * An address nobody registered is counted like a real one: being refused reveals nothing.
 */
@Singleton
public class MailRequestThrottle {
    private final RateLimiter limiter;
    private final RateLimitConfig.Bucket perEmail;
    private final RateLimitConfig.Bucket perAddress;

    public MailRequestThrottle(RateLimiter limiter, VerificationConfig config) {
        this.limiter = limiter;
        double perSecond = 1.0 / config.window().toSeconds();
        this.perEmail = new Budget(config.perEmail(), config.perEmail() * perSecond);
        this.perAddress = new Budget(config.perAddress(), config.perAddress() * perSecond);
    }

    /** Counts one request; fails with {@link TooManyMailRequestsException} once the email or the address has spent its budget. */
    public Uni<Void> take(String email, String clientAddress) {
        Uni<Void> address = clientAddress == null ? Uni.createFrom().voidItem() : take("mail-ip:" + clientAddress, perAddress);
        return address.chain(() -> take("mail-email:" + email, perEmail));
    }

    private Uni<Void> take(String key, RateLimitConfig.Bucket bucket) {
        return Uni.createFrom().completionStage(() -> limiter.take(key, bucket).toCompletionStage())
                .invoke(decision -> {
                    if (!decision.allowed()) {
                        throw new TooManyMailRequestsException(decision.retryAfterSeconds());
                    }
                })
                .replaceWithVoid();
    }

    private record Budget(int capacity, double refillPerSecond) implements RateLimitConfig.Bucket {
    }
}
