package dev.agora.gateway.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.agora.gateway.auth.ThrottleConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Counts failed sign-ins per account (the email as typed, normalised — whether or not such an account exists)
 * and per client address, in PostgreSQL so every gateway replica sees the same counts. Reaching the limit
 * within the window locks the key for the lockout time; while locked, even the right password is refused.
 * Each failure is one UPSERT, committed on its own: the 401 that follows does not roll it back.
 */
@Singleton
public class LoginThrottle {
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    private static final String RECORD_FAILURE = """
            insert into login_throttle as t (key, failures, window_started_at)
            values ($1, 1, now())
            on conflict (key) do update set
              failures = case when t.window_started_at < now() - make_interval(secs => $2) then 1 else t.failures + 1 end,
              window_started_at = case when t.window_started_at < now() - make_interval(secs => $2)
                                       then now() else t.window_started_at end,
              locked_until = case
                when (case when t.window_started_at < now() - make_interval(secs => $2) then 1 else t.failures + 1 end) >= $3
                then now() + make_interval(secs => $4) else t.locked_until end
            returning locked_until""";

    private final Pool database;
    private final ThrottleConfig config;

    public LoginThrottle(Pool database, ThrottleConfig config) {
        this.database = database;
        this.config = config;
    }

    /** How long the account or the address stays locked; zero when neither is. */
    public Uni<Duration> lockedFor(String email, String ip) {
        return database.preparedQuery("select max(locked_until) as until from login_throttle"
                + " where key = any($1) and locked_until > now()")
                .execute(Tuple.of(keys(email, ip).toArray(String[]::new)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Instant until = row.getOffsetDateTime("until") == null ? null : row.getOffsetDateTime("until").toInstant();
                    return until == null ? Duration.ZERO : Duration.between(Instant.now(), until);
                });
    }

    public Uni<Void> recordFailure(String email, String ip) {
        Uni<Void> account = count(accountKey(email), config.accountMaxFailures());
        return ip == null ? account : account.chain(() -> count(ipKey(ip), config.ipMaxFailures()));
    }

    /** A successful sign-in clears the account's count (not the address's: one good account proves little). */
    public Uni<Void> recordSuccess(String email) {
        return database.preparedQuery("delete from login_throttle where key = $1").execute(Tuple.of(accountKey(email)))
                .replaceWithVoid();
    }

    private Uni<Void> count(String key, int maxFailures) {
        return database.preparedQuery(RECORD_FAILURE)
                .execute(Tuple.of(key, (double) config.window().toSeconds(), maxFailures, (double) config.lockout().toSeconds()))
                .invoke(rows -> {
                    if (rows.iterator().next().getValue("locked_until") != null) {
                        LOG.debugf("Sign-ins for %s are locked", key);
                    }
                })
                .replaceWithVoid();
    }

    private static List<String> keys(String email, String ip) {
        List<String> keys = new ArrayList<>(2);
        keys.add(accountKey(email));
        if (ip != null) {
            keys.add(ipKey(ip));
        }
        return keys;
    }

    private static String accountKey(String email) {
        return "account:" + email;
    }

    private static String ipKey(String ip) {
        return "ip:" + ip;
    }
}
