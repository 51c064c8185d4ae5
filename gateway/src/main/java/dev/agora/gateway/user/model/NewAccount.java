package dev.agora.gateway.user.model;

/** What a new account is made from: an email, a password (not yet hashed), an optional username, a display name. */
public record NewAccount(String email, String password, String username, String displayName) {
}
