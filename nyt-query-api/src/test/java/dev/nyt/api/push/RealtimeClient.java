package dev.nyt.api.push;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** A test's realtime client (SSE or WebSocket): the messages it got, in order, and the cursor it resumes with. */
interface RealtimeClient extends AutoCloseable {

    List<JsonNode> messages();

    /** What the client would resume with: the SSE Last-Event-ID, the WebSocket {@code ?lastEventId=}. */
    Long cursor();

    /** Whether the server ended the connection. */
    boolean ended();

    @Override
    void close();
}
