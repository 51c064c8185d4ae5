package dev.agora.gateway.verification.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.mail.MailSender;
import dev.agora.gateway.mail.OutgoingMail;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.gateway.verification.VerificationConfig;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Proving that a user receives mail at their address: a link with a one-time token is mailed at registration and on
 * request; opening it marks the address verified ({@code users.email_verified_at}), which access tokens then carry
 * as {@code email_verified}.
 */
@ApplicationScoped
public class EmailVerification {
    private static final Logger LOG = Logger.getLogger(EmailVerification.class);

    private final EmailTokens tokens;
    private final UserRepository users;
    private final AccountMails mails;
    private final MailSender sender;
    private final VerificationConfig config;

    public EmailVerification(EmailTokens tokens, UserRepository users, AccountMails mails, MailSender sender,
            VerificationConfig config) {
        this.tokens = tokens;
        this.users = users;
        this.mails = mails;
        this.sender = sender;
        this.config = config;
    }

    /** The first mail, right after registration: one that cannot be sent is logged, and the user can ask again. */
    public Uni<Void> sendFirst(User user) {
        return send(user.id).onFailure().recoverWithUni(failure -> {
            LOG.warnf(failure, "The verification mail for user %s could not be sent", user.id);
            return Uni.createFrom().voidItem();
        });
    }

    /** Mails a new link; earlier ones stop working. An address already verified → 409. */
    public Uni<Void> send(UUID userId) {
        return issue(userId).chain(sender::send);
    }

    @WithTransaction
    Uni<OutgoingMail> issue(UUID userId) {
        return users.findExistingForUpdate(userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("user " + userId))
                .invoke(user -> {
                    if (user.emailVerifiedAt != null) {
                        throw ProblemException.conflict("your email address is already verified");
                    }
                })
                .chain(user -> tokens.issue(user, EmailTokenPurpose.VERIFY_EMAIL, config.verifyEmailTtl())
                        .map(token -> mails.verification(user, token)));
    }

    /** Marks the address the token was mailed to verified, and uses the token up. */
    @WithTransaction
    public Uni<Void> verify(String token) {
        return tokens.use(token, EmailTokenPurpose.VERIFY_EMAIL)
                .invoke(user -> markVerified(user, EmailTokens.now()))
                .replaceWithVoid();
    }

    /** Whoever used a token mailed to the user's address receives mail there: the address is verified. */
    static void markVerified(User user, Instant now) {
        if (user.emailVerifiedAt == null) {
            user.emailVerifiedAt = now;
            user.updatedAt = now;
        }
    }
}
