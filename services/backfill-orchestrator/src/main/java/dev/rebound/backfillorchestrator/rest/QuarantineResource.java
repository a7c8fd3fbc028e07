package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.replay.QuarantinedMessages;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/** The messages the services quarantined, newest first, one whole, and re-publishing one once its cause is fixed. */
@Path("/quarantine")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class QuarantineResource {
    private static final Duration DEFAULT_SINCE = Duration.ofDays(7);

    private final QuarantinedMessages quarantined;

    public QuarantineResource(QuarantinedMessages quarantined) {
        this.quarantined = quarantined;
    }

    /** {@code since}: RFC 3339 or an ISO-8601 duration back from now (default P7D); {@code limit} ≤ 1000. */
    @GET
    public List<QuarantinedMessages.Quarantined> list(@QueryParam("since") String since,
            @QueryParam("limit") Integer limit) {
        return quarantined.latest(Since.parse(since, DEFAULT_SINCE), Since.limit(limit, 100, 1000));
    }

    @GET
    @Path("/{messageId}")
    public QuarantinedMessages.Detail show(@PathParam("messageId") String messageId) {
        return quarantined.detail(messageId).orElseThrow(() -> notFound(messageId));
    }

    /** Sends the original to the topic it came from; 409 when there is no whole original to send. */
    @POST
    @Path("/{messageId}/republish")
    public QuarantinedMessages.Republished republish(@PathParam("messageId") String messageId) {
        try {
            return quarantined.republish(messageId).orElseThrow(() -> notFound(messageId));
        } catch (QuarantinedMessages.NotRepublishable e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    private static NotFoundException notFound(String messageId) {
        return new NotFoundException("no quarantined message " + messageId + " in the event archive");
    }
}
