package dev.agora.common.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

/** The SSRF guard with an empty allow-list refuses every address that is not public, after DNS resolution. */
class UrlGuardTest {
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static Throwable refusal(UrlGuard guard, String url) throws Exception {
        try {
            InetAddress address = guard.resolve(URI.create(url)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            throw new AssertionError(url + " was allowed: " + address);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/", "http://172.16.3.4/", "http://192.168.1.1/",
            "http://0.0.0.0/", "http://[::]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://100.64.1.1/",
            "http://[::ffff:127.0.0.1]/", "https://127.1/", "http://224.0.0.1/", "http://[ff02::1]/",
            "http://240.0.0.1/", "http://192.0.0.8/" })
    void refusesAddressesThatAreNotPublicWithAnEmptyAllowList(String url) throws Exception {
        assertInstanceOf(UrlGuard.RefusedDestination.class, refusal(new UrlGuard(vertx, List.of()), url));
    }

    @Test
    void refusesOtherSchemes() throws Exception {
        assertInstanceOf(UrlGuard.RefusedDestination.class, refusal(new UrlGuard(vertx, List.of()), "ftp://93.184.216.34/"));
    }

    @Test
    void allowsPublicAddressesAndTheAllowList() throws Exception {
        UrlGuard guard = new UrlGuard(vertx, List.of("10.1.0.0/16", "::1", "localhost"));
        assertEquals("93.184.216.34", resolve(new UrlGuard(vertx, List.of()), "https://93.184.216.34/hook"));
        assertEquals("10.1.2.3", resolve(guard, "http://10.1.2.3/"));
        assertEquals("0:0:0:0:0:0:0:1", resolve(guard, "http://[::1]/"));
        assertInstanceOf(UrlGuard.RefusedDestination.class, refusal(guard, "http://10.2.0.1/"));
        // a name on the allow-list is allowed whatever it resolves to
        assertEquals(InetAddress.getAllByName("localhost")[0].getHostAddress(), resolve(guard, "http://localhost:9/"));
    }

    @Test
    void allowLoopbackAdmitsThisMachineOnly() throws Exception {
        UrlGuard guard = new UrlGuard(vertx, AllowListGuard.LOOPBACK);
        assertEquals("127.0.0.1", resolve(guard, "http://127.0.0.1:8080/a2a"));
        assertEquals("127.0.0.2", resolve(guard, "http://127.0.0.2/"));
        assertEquals("0:0:0:0:0:0:0:1", resolve(guard, "http://[::1]/"));
        assertInstanceOf(UrlGuard.RefusedDestination.class, refusal(guard, "http://10.0.0.8/"));
        assertInstanceOf(UrlGuard.RefusedDestination.class, refusal(guard, "http://169.254.169.254/"));
    }

    private static String resolve(UrlGuard guard, String url) throws Exception {
        return guard.resolve(URI.create(url)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .getHostAddress();
    }
}
