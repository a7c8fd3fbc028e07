package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.replay.DeadLetters;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Dead-lettered messages held per topic: list them (they stay held) and, once the failing consumer is fixed,
 * redrive them to their topic. Consumers skip what they already processed, so a redrive is safe to repeat.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class DeadLettersResource {
    private static final int MAX = 1000;

    private final DeadLetters deadLetters;

    public DeadLettersResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** {@code topic} and {@code limit} (per topic, ≤ 1000) both optional; no topic means every catalog topic. */
    public record Redrive(String topic, Integer limit) {
    }

    @GET
    public List<DeadLetters.DeadLetter> list(@QueryParam("topic") String topic, @QueryParam("limit") Integer limit) {
        return onPubSub(() -> deadLetters.list(topic, Since.limit(limit, 100, MAX)));
    }

    @POST
    @Path("/redrive")
    public List<DeadLetters.Redriven> redrive(Redrive body) {
        Redrive request = body == null ? new Redrive(null, null) : body;
        return onPubSub(() -> deadLetters.redrive(request.topic(), Since.limit(request.limit(), 100, MAX)));
    }

    private static <T> T onPubSub(Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchElementException e) {
            throw new BadRequestException(e.getMessage());
        } catch (com.google.api.gax.rpc.NotFoundException e) {
            throw new NotFoundException("a dead-letter hold subscription does not exist (infra/ declares them in"
                    + " production, ./rebound up locally): " + e.getMessage());
        }
    }
}
