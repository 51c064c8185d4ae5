package dev.agora.common.outbound;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;

/**
 * Reads a {@code text/event-stream} as its chunks arrive: lines split on LF (CR dropped), {@code data:} lines of one
 * event joined with LF, the event dispatched at its blank line; comments and other fields are ignored. Feed it the
 * chunks in order, from one context.
 */
public final class ServerSentEvents implements Consumer<Buffer> {
    /** One event: its {@code event} name (null when none) and its data. */
    public record Event(String name, String data) {
    }

    private final Consumer<Event> onEvent;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String name;
    private boolean hasData;

    public ServerSentEvents(Consumer<Event> onEvent) {
        this.onEvent = onEvent;
    }

    @Override
    public void accept(Buffer chunk) {
        pending.append(chunk.toString(StandardCharsets.UTF_8));
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (hasData) {
                onEvent.accept(new Event(name, data.toString()));
            }
            data.setLength(0);
            name = null;
            hasData = false;
        } else if (line.startsWith("data:")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            hasData = true;
        } else if (line.startsWith("event:")) {
            name = line.substring(6).strip();
        }
    }
}
