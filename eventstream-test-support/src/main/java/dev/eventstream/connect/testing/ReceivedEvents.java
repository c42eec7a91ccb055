package dev.eventstream.connect.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The events a receiver accepted: each accepted request's JSON array, flattened, in arrival order (a retried batch repeats its events). */
public final class ReceivedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReceivedEvents() {
    }

    /** Every event of every request the receiver answered 2xx. */
    public static List<JsonNode> accepted(HttpsReceiver receiver) {
        List<JsonNode> events = new ArrayList<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            request.bodyAsJson().forEach(events::add);
        }
        return events;
    }

    /** The events of the requests to {@code path} the receiver answered 2xx. */
    public static List<JsonNode> accepted(HttpsReceiver receiver, String path) {
        List<JsonNode> events = new ArrayList<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            if (request.path().equals(path)) {
                request.bodyAsJson().forEach(events::add);
            }
        }
        return events;
    }

    /** The record value of an event the test-only posting sink posted (JSON text, as StringConverter read it), parsed. */
    public static JsonNode postedValue(JsonNode event) {
        try {
            return JSON.readTree(event.get("value").asText());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("The posted value is not JSON: " + event, e);
        }
    }
}
