package dev.agora.gateway.verification.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.auth.SessionRevokedEvent;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.gateway.auth.service.PasswordHasher;
import dev.agora.gateway.auth.service.SessionService;
import dev.agora.gateway.mail.MailSender;
import dev.agora.gateway.mail.OutgoingMail;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.gateway.verification.VerificationConfig;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * A forgotten password: a one-time link is mailed to the account's address; using it sets a new password and ends
 * every session of the account. Asking never reveals whether an account uses the address.
 */
@ApplicationScoped
public class PasswordReset {
    private final EmailTokens tokens;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionService sessions;
    private final AccountMails mails;
    private final MailSender sender;
    private final DetachedWork detached;
    private final VerificationConfig config;

    public PasswordReset(EmailTokens tokens, UserRepository users, PasswordHasher passwords, SessionService sessions,
            AccountMails mails, MailSender sender, DetachedWork detached, VerificationConfig config) {
        this.tokens = tokens;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.mails = mails;
        this.sender = sender;
        this.detached = detached;
        this.config = config;
    }

    /**
     * Mails a reset link if an active account uses this address, else nothing. It runs after the caller has been
     * answered, so the answer, and when it comes, are the same either way.
     *
     * @param email already normalised
     */
    public void request(String email) {
        detached.run("A password reset mail", () -> issue(email)
                .chain(mail -> mail == null ? Uni.createFrom().voidItem() : sender.send(mail)));
    }

    @WithTransaction
    Uni<OutgoingMail> issue(String email) {
        return users.findByEmail(email).chain(found -> {
            if (found == null || !found.active || found.deletedAt != null) {
                return Uni.createFrom().<OutgoingMail> nullItem();
            }
            return users.findExistingForUpdate(found.id)
                    .chain(user -> tokens.issue(user, EmailTokenPurpose.RESET_PASSWORD, config.resetPasswordTtl())
                            .map(token -> mails.passwordReset(user, token)));
        });
    }

    /**
     * Sets the new password, ends every session of the account and uses the token up. The token is checked before
     * the password is hashed, so a wrong one costs no bcrypt work.
     */
    public Uni<Void> reset(String token, String newPassword) {
        return tokens.check(token, EmailTokenPurpose.RESET_PASSWORD)
                .chain(() -> passwords.hash(newPassword))
                .chain(hash -> store(token, hash));
    }

    // an outbox transaction: ending sessions may publish events
    @WithOutboxTransaction
    Uni<Void> store(String token, String hash) {
        return tokens.use(token, EmailTokenPurpose.RESET_PASSWORD)
                .invoke(user -> {
                    user.passwordHash = hash;
                    user.updatedAt = EmailTokens.now();
                    // the link reached its owner through this address
                    EmailVerification.markVerified(user, user.updatedAt);
                })
                .chain(user -> sessions.revokeAllBut(user.id, null, SessionRevokedEvent.PASSWORD_RESET));
    }
}
