package dev.agora.gateway.auth.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.auth.rest.LoginRequest;
import dev.agora.gateway.auth.rest.RegisterRequest;
import dev.agora.gateway.auth.rest.TokenResponse;
import dev.agora.gateway.org.service.OrgService;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import dev.agora.gateway.user.service.UserService;
import io.smallrye.mutiny.Uni;

/** Registration and sign-in: passwords in, token pairs out. */
@ApplicationScoped
public class AuthService {
    private static final String INVALID_CREDENTIALS = "invalid email or password";
    private static final String INVALID_REFRESH_TOKEN = "the refresh token is invalid, expired or revoked";

    private final UserService userService;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionService sessions;
    private final AccessTokens accessTokens;
    private final OrgService orgs;

    public AuthService(UserService userService, UserRepository users, PasswordHasher passwords, SessionService sessions,
            AccessTokens accessTokens, OrgService orgs) {
        this.userService = userService;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.orgs = orgs;
    }

    public Uni<User> register(RegisterRequest request) {
        return passwords.hash(request.password())
                .chain(hash -> userService.create(request.email(), hash, request.displayName()));
    }

    /** Unknown email, wrong password and disabled account all get the same answer, in about the same time. */
    public Uni<TokenResponse> login(LoginRequest request) {
        return users.findByEmail(request.email())
                .chain(user -> passwords.verify(request.password(), user == null ? null : user.passwordHash)
                        .map(matches -> matches && user.active ? user : null))
                .onItem().ifNull().failWith(() -> ProblemException.unauthorized(INVALID_CREDENTIALS))
                .chain(user -> sessions.start(user).chain(refresh -> pair(user, refresh)));
    }

    public Uni<TokenResponse> refresh(String refreshToken) {
        return sessions.rotate(refreshToken)
                .chain(issued -> issued.map(next -> pair(next.user(), next.refreshToken()))
                        .orElseGet(() -> Uni.createFrom().failure(ProblemException.unauthorized(INVALID_REFRESH_TOKEN))));
    }

    public Uni<Void> logout(String refreshToken) {
        return sessions.end(refreshToken);
    }

    /** The access token carries the user's memberships as they are now ({@code orgs}: slug → role). */
    private Uni<TokenResponse> pair(User user, String refreshToken) {
        return orgs.rolesOf(user.id).map(roles -> new TokenResponse(accessTokens.issue(user, roles), refreshToken,
                accessTokens.lifetimeSeconds(), "Bearer"));
    }
}
