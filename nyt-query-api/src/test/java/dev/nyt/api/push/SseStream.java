package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.events.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/**
 * One {@code GET /api/v1/stream} read on a virtual thread and parsed as a browser's EventSource does: events
 * of {@code id}, {@code event} and {@code data} lines, and the last event id (kept when an event has none).
 */
public final class SseStream implements RealtimeClient {

    /** One dispatched event; {@code id} is null when the event had no id line. */
    public record Event(String id, String type, String data) {
    }

    public final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private volatile String lastEventId;
    private volatile boolean ended;

    private SseStream(InputStream body, String lastEventId) {
        this.body = body;
        this.lastEventId = lastEventId;
        Thread.ofVirtual().name("test-sse-reader").start(this::read);
    }

    /** Opens the caller's stream with {@code ?access_token=} and, when given, {@code Last-Event-ID}. */
    public static SseStream open(QueryApiFixture nyt, String user, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(nyt.uri("/api/v1/stream?access_token=" + QueryApiFixture.token(user)))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = nyt.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        return new SseStream(response.body(), lastEventId);
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (id != null) {
                        lastEventId = id;
                    }
                    if (!data.isEmpty()) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the test closed the stream
        } finally {
            ended = true;
        }
    }

    @Override
    public boolean ended() {
        return ended;
    }

    List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    @Override
    public List<JsonNode> messages() {
        return events.stream().map(event -> Json.mapper().readTree(event.data())).toList();
    }

    /** What a browser would send as Last-Event-ID when it reconnects. */
    @Override
    public Long cursor() {
        return lastEventId == null ? null : Long.valueOf(lastEventId);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
