package dev.agora.gateway.verification.service;

import java.time.Duration;

import jakarta.inject.Singleton;

import dev.agora.gateway.mail.OutgoingMail;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.verification.VerificationConfig;

/**
 * The texts of the account mails. Each holds a link to the frontend and the token itself, for API users. The token
 * travels in the link's fragment ({@code #token=}), which browsers never send to a server: it stays out of access
 * logs and {@code Referer} headers.
 */
@Singleton
public class AccountMails {
    private final VerificationConfig config;

    public AccountMails(VerificationConfig config) {
        this.config = config;
    }

    public OutgoingMail verification(User user, String token) {
        return new OutgoingMail(user.email, "Verify your email address for Agora", "Hello " + user.displayName + ",\n\n"
                + "please confirm that " + user.email + " is your email address by opening this link within "
                + words(config.verifyEmailTtl()) + ":\n\n"
                + link("verify-email", token) + "\n\n"
                + "Using the API? POST /auth/verify-email with {\"token\": \"" + token + "\"}.\n"
                + "Token: " + token + "\n\n"
                + "If you did not create an Agora account, ignore this mail.\n");
    }

    public OutgoingMail passwordReset(User user, String token) {
        return new OutgoingMail(user.email, "Reset your Agora password", "Hello " + user.displayName + ",\n\n"
                + "someone, hopefully you, asked to reset the password of the Agora account of " + user.email + ".\n"
                + "Choose a new password by opening this link within " + words(config.resetPasswordTtl()) + ":\n\n"
                + link("reset-password", token) + "\n\n"
                + "Using the API? POST /auth/password-reset with {\"token\": \"" + token + "\", \"newPassword\": \"...\"}.\n"
                + "Token: " + token + "\n\n"
                + "Every device signed in to the account is signed out when the password changes.\n"
                + "If you did not ask for this, ignore this mail: your password stays as it is.\n");
    }

    private String link(String page, String token) {
        String base = config.frontendUrl().endsWith("/") ? config.frontendUrl() : config.frontendUrl() + "/";
        return base + page + "#token=" + token;
    }

    static String words(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes >= 60 && minutes % 60 == 0) {
            long hours = minutes / 60;
            return hours + (hours == 1 ? " hour" : " hours");
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
