package dev.agora.gateway.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import jakarta.inject.Singleton;

import dev.agora.gateway.auth.AuthConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * bcrypt password hashes (Modular Crypt Format, {@code $2a$<cost>$...}).
 * <p>
 * Hashing and verifying take tens to hundreds of milliseconds of CPU, so they run on a worker thread;
 * {@code executeBlocking} delivers the result back on the caller's Vert.x context, where Panache can go on.
 */
@Singleton
public class PasswordHasher {
    public static final int MIN_COST = 10;

    private final Vertx vertx;
    private final int cost;
    private volatile String decoy;

    public PasswordHasher(Vertx vertx, AuthConfig config) {
        if (config.bcryptCost() < MIN_COST || config.bcryptCost() > 31) {
            throw new IllegalStateException("agora.gateway.auth.bcrypt-cost must be between " + MIN_COST + " and 31");
        }
        this.vertx = vertx;
        this.cost = config.bcryptCost();
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(() -> BcryptUtil.bcryptHash(prehash(password), cost), false);
    }

    /**
     * @param hash the stored hash, or null when there is no such user (or not a hash, for a deleted one): a decoy hash is then checked anyway,
     *        so an unknown email costs the same time as a wrong password
     */
    public Uni<Boolean> verify(String password, String hash) {
        // a deleted account stores something that is not a bcrypt hash: it never matches
        boolean usable = hash != null && hash.startsWith("$2");
        return vertx.executeBlocking(() -> {
            boolean matches = BcryptUtil.matches(prehash(password), usable ? hash : decoy());
            return usable && matches;
        }, false);
    }

    /**
     * bcrypt reads only the first 72 bytes of its input, and passwords may have up to 128 characters:
     * hashing them first (SHA-256, base64, 44 ASCII characters) makes every character count.
     */
    private static String prehash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String decoy() {
        String value = decoy;
        if (value == null) {
            synchronized (this) {
                if (decoy == null) {
                    decoy = BcryptUtil.bcryptHash(prehash("decoy password for unknown accounts"), cost);
                }
                value = decoy;
            }
        }
        return value;
    }
}
