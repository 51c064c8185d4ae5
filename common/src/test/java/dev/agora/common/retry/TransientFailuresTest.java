package dev.agora.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.problem.ProblemMappers;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;

class TransientFailuresTest {

    @Test
    void aPoolThatFreedNoConnectionInTimeIsTransient() {
        assertTrue(TransientFailures.isTransient(new CompletionException(new NoStackTraceThrowable("Timeout"))));
    }

    @Test
    void anUnreachableOrRestartingDatabaseIsTransient() {
        assertTrue(TransientFailures.isTransient(new ConnectException("Connection refused")));
        assertTrue(TransientFailures.isTransient(new PgException("terminating connection", "FATAL", "57P01", null)));
        assertTrue(TransientFailures.isTransient(new PgException("too many clients", "FATAL", "53300", null)));
        assertTrue(TransientFailures.isTransient(new PgException("could not serialize", "ERROR", "40001", null)));
        assertTrue(TransientFailures.isTransient(new PgException("deadlock detected", "ERROR", "40P01", null)));
    }

    @Test
    void aReplicaStillLoadingItsStartUpStateIsTransient() {
        assertTrue(TransientFailures.isTransient(new CompletionException(new NotReadyException("index not loaded"))));
    }

    @Test
    void aFailureOfTheWorkItselfIsNotTransient() {
        assertFalse(TransientFailures.isTransient(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(TransientFailures.isTransient(new PgException("syntax error", "ERROR", "42601", null)));
        assertFalse(TransientFailures.isTransient(new IllegalStateException("a bug")));
        assertFalse(TransientFailures.isTransient(new NoStackTraceThrowable("something else")));
    }

    @Test
    void aRequestThatFoundNoFreeConnectionIsAnswered503WithRetryAfter() {
        Response response = new ProblemMappers(new ObjectMapper()).unexpected(new NoStackTraceThrowable("Timeout"), null);
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString("Retry-After"));
        assertEquals("application/problem+json", response.getMediaType().toString());
    }

    @Test
    void anUnexpectedFailureIsStill500() {
        Response response = new ProblemMappers(new ObjectMapper()).unexpected(new IllegalStateException("a bug"), null);
        assertEquals(500, response.getStatus());
    }
}
