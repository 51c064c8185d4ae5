package dev.agora.marketplace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A minimal EventSource: opens a stream without any Authorization header and parses the events it receives. */
final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One event; {@code name} null for a comment line (a heartbeat). */
    record Event(String name, String id, String data, Instant receivedAt) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }
    }

    static SseClient open(URI uri) {
        try {
            return new SseClient(HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("content-type").orElse("");
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The whole body of a response that is not a stream (an error). */
    String body() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next event matching, waiting at most {@code timeout}; fails otherwise. Earlier non-matching ones are kept. */
    Event await(Predicate<Event> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (seen) {
            for (Event event : seen) {
                if (match.test(event)) {
                    seen.remove(event);
                    return event;
                }
            }
        }
        while (true) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            Event event;
            try {
                event = left <= 0 ? null : events.poll(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout + "; unmatched: " + seen);
            }
            if (match.test(event)) {
                return event;
            }
            synchronized (seen) {
                seen.add(event);
            }
        }
    }

    Event awaitEvent(String name, Duration timeout) {
        return await(event -> name.equals(event.name()), timeout);
    }

    /** Fails if an event with this name arrives within {@code window}. */
    void assertNoEvent(String name, Duration window) {
        try {
            Event event = awaitEvent(name, window);
            throw new AssertionError("unexpected " + name + " event: " + event);
        } catch (AssertionError expected) {
            if (expected.getMessage().startsWith("unexpected")) {
                throw expected;
            }
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, data == null ? null : data.toString(),
                                Instant.now()));
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, line.substring(1).strip(), Instant.now()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
