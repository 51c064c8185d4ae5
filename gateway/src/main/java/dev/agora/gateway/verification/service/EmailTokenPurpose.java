package dev.agora.gateway.verification.service;

/** What a token sent by mail is for; the value is what {@code email_tokens.purpose} holds. */
public enum EmailTokenPurpose {
    VERIFY_EMAIL("verify-email"),
    RESET_PASSWORD("reset-password");

    private final String value;

    EmailTokenPurpose(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
