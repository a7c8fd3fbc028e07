package dev.rebound.runtime.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Pub/Sub push endpoint every service shares. It answers like Google's samples: 2xx only after the handler's
 * work is durable; 5xx on a transient failure so Pub/Sub retries; 401 when the OIDC token is refused; and an
 * undecodable or invalid message is quarantined with its reason, then acknowledged, so one poison message never
 * loops. A ce-id already processed by this service is acknowledged without running the handler again.
 */
@Path(PushEndpoint.PATH)
public class PushEndpoint {
    public static final String PATH = "/pubsub/push";
    private static final Logger LOG = Logger.getLogger(PushEndpoint.class);

    private final InboundMessageProcessor processor;
    private final PushAuthenticator authenticator;
    private final PushStats stats;

    public PushEndpoint(InboundMessageProcessor processor, PushAuthenticator authenticator, PushStats stats) {
        this.processor = processor;
        this.authenticator = authenticator;
        this.stats = stats;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response push(byte[] body, @HeaderParam("Authorization") String authorization) {
        Optional<String> refused = authenticator.refuse(authorization);
        if (refused.isPresent()) {
            stats.count(PushStats.Outcome.unauthorized);
            LOG.warnf("Push refused: %s", refused.get());
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
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

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
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
