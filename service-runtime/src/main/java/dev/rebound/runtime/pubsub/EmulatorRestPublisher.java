package dev.rebound.runtime.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * Publishes through the emulator's REST API. Only for messages above the emulator's gRPC request limit (4 MiB;
 * real Pub/Sub accepts 10 MB over gRPC), so that a large message can be quarantined locally as in production.
 */
public final class EmulatorRestPublisher {
    /** The emulator's gRPC server refuses larger requests; keep a margin for attributes and framing. */
    public static final int EMULATOR_GRPC_LIMIT = 4 * 1024 * 1024 - 64 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmulatorRestPublisher() {
    }

    public static String publish(String emulatorHost, String projectId, String topic, EncodedMessage message,
            Duration timeout) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode msg = body.putArray("messages").addObject();
        msg.put("data", Base64.getEncoder().encodeToString(message.data()));
        ObjectNode attrs = msg.putObject("attributes");
        message.attributes().forEach(attrs::put);
        URI uri = URI.create("http://" + emulatorHost + "/v1/projects/" + projectId + "/topics/" + topic + ":publish");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new PublishFailedException("Emulator REST publish to " + topic + " answered "
                        + response.statusCode() + ": " + response.body(), null);
            }
            JsonNode ids = Json.mapper().readTree(response.body()).path("messageIds");
            return ids.path(0).asText();
        } catch (IOException e) {
            throw new PublishFailedException("Emulator REST publish to " + topic + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted publishing to " + topic, e);
        }
    }
}
