package dev.rebound.runtime.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.http.Caller;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The Pub/Sub push endpoint every service shares. It answers like Google's samples: 2xx only after the handler's
 * work is durable; 5xx on a transient failure so Pub/Sub retries; and an undecodable or invalid message is
 * quarantined with its reason, then acknowledged, so one poison message never loops. A ce-id already processed by
 * this service is acknowledged without running the handler again. The OIDC token and the body size are checked
 * by the {@link Guarded} edge before the body is read (401, 413).
 */
@Path(PushEndpoint.PATH)
public class PushEndpoint {
    public static final String PATH = "/pubsub/push";

    private final InboundMessageProcessor processor;
    private final PushStats stats;

    public PushEndpoint(InboundMessageProcessor processor, PushStats stats) {
        this.processor = processor;
        this.stats = stats;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Guarded(Caller.PUBSUB)
    public Response push(byte[] body) {
        PushStats.Outcome outcome;
        try {
            outcome = processor.process(PushEnvelope.parse(readJson(body)));
        } catch (EventValidationException e) {
            outcome = processor.unreadable(body, e);
        }
        return outcome == PushStats.Outcome.retried
                ? Response.status(Response.Status.SERVICE_UNAVAILABLE).build()
                : Response.noContent().build();
    }

    /** What this instance did with the messages it received since it started, by outcome. */
    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Guarded
    public Map<String, Long> stats() {
        return stats.snapshot();
    }

    private static JsonNode readJson(byte[] body) {
        if (body == null || body.length == 0) {
            throw new EventValidationException("body", "push body is empty");
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new EventValidationException("body", "push body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new EventValidationException("body", "push body is unreadable: " + e.getMessage());
        }
    }
}
