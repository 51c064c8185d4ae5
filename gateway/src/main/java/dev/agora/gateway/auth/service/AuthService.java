package dev.agora.gateway.auth.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.auth.model.LoginRequest;
import dev.agora.gateway.auth.model.TokenResponse;
import dev.agora.gateway.org.service.OrgService;
import dev.agora.gateway.user.model.NewAccount;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.gateway.user.service.UserService;
import dev.agora.gateway.verification.service.EmailVerification;
import io.smallrye.mutiny.Uni;

/** Registration and sign-in: passwords in, token pairs out. */
@ApplicationScoped
public class AuthService {
    static final String INVALID_CREDENTIALS = "invalid email or password";
    private static final String INVALID_REFRESH_TOKEN = "the refresh token is invalid, expired or revoked";

    private final UserService userService;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionService sessions;
    private final AccessTokens accessTokens;
    private final OrgService orgs;
    private final LoginThrottle throttle;
    private final EmailVerification verification;

    public AuthService(UserService userService, UserRepository users, PasswordHasher passwords, SessionService sessions,
            AccessTokens accessTokens, OrgService orgs, LoginThrottle throttle, EmailVerification verification) {
        this.userService = userService;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.orgs = orgs;
        this.throttle = throttle;
        this.verification = verification;
    }

    /** A new account, unverified: a verification link is mailed to its address. */
    public Uni<User> register(NewAccount request) {
        return passwords.hash(request.password())
                .chain(hash -> userService.create(request.email(), request.username(), hash, request.displayName()))
                .call(verification::sendFirst);
    }

    /**
     * Unknown email, wrong password, deactivated or deleted account all get the same 401, in about the same
     * time; an account or address locked after repeated failures gets 429, whether or not the account exists.
     */
    public Uni<TokenResponse> login(LoginRequest request, ClientInfo client) {
        return throttle.lockedFor(request.email(), client.ip())
                .invoke(locked -> {
                    if (!locked.isZero() && !locked.isNegative()) {
                        throw new LoginLockedException(locked);
                    }
                })
                .chain(() -> users.findByEmail(request.email()))
                .chain(user -> passwords.verify(request.password(), user == null ? null : user.passwordHash)
                        .map(matches -> matches && user.active && user.deletedAt == null ? user : null))
                .chain(user -> user == null
                        ? throttle.recordFailure(request.email(), client.ip())
                                .chain(() -> Uni.createFrom().<User> failure(ProblemException.unauthorized(INVALID_CREDENTIALS)))
                        : throttle.recordSuccess(request.email()).replaceWith(user))
                .chain(user -> sessions.start(user, client))
                .chain(this::pair);
    }

    public Uni<TokenResponse> refresh(String refreshToken) {
        return sessions.rotate(refreshToken)
                .chain(issued -> issued.map(this::pair)
                        .orElseGet(() -> Uni.createFrom().failure(ProblemException.unauthorized(INVALID_REFRESH_TOKEN))));
    }

    public Uni<Void> logout(String refreshToken) {
        return sessions.end(refreshToken);
    }

    /** The access token carries the user's memberships as they are now ({@code orgs}: slug → role). */
    private Uni<TokenResponse> pair(SessionService.Issued issued) {
        User user = issued.user();
        return orgs.rolesOf(user.id).map(roles -> new TokenResponse(accessTokens.issue(user, roles, issued.sessionId(), issued.authenticatedAt()),
                issued.refreshToken(), accessTokens.lifetimeSeconds(), "Bearer"));
    }
}
