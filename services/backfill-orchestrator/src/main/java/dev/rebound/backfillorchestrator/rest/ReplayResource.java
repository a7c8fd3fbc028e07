package dev.rebound.backfillorchestrator.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.backfillorchestrator.replay.ArchiveReplayer;
import dev.rebound.backfillorchestrator.replay.ReplayFilter;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replay for recovery: seek a subscription to a time or snapshot (Pub/Sub redelivers what it retained), take a
 * snapshot first, or re-publish archived events of a window. Operator-authenticated in production.
 */
@Path("/replay")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ReplayResource {
    private final OperatorAuthenticator auth;
    private final ArchiveReplayer replayer;
    private final EventPublisher publisher;
    private final ReboundConfig config;
    private volatile PubSubAdmin admin;

    public ReplayResource(OperatorAuthenticator auth, ArchiveReplayer replayer, EventPublisher publisher,
            ReboundConfig config) {
        this.auth = auth;
        this.replayer = replayer;
        this.publisher = publisher;
        this.config = config;
    }

    public record Seek(String subscription, String time, String snapshot) {
    }

    public record Snapshot(String subscription, String snapshot) {
    }

    /** {@code processor} and {@code data_date} (one value, as the launcher sends) add to the lists. */
    public record Republish(String from, String to, List<String> types, List<String> processors, String processor,
            @JsonProperty("data_dates") List<String> dataDates, @JsonProperty("data_date") String dataDate,
            @JsonProperty("dry_run") Boolean dryRun) {
    }

    @POST
    @Path("/seek")
    public Response seek(Seek body, @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        if (body == null || blank(body.subscription()) || blank(body.time()) == blank(body.snapshot())) {
            return error("body must be {\"subscription\": ..., and exactly one of \"time\" (RFC 3339) or \"snapshot\"}");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subscription", body.subscription());
        if (!blank(body.time())) {
            Instant time;
            try {
                time = Instant.parse(body.time());
            } catch (DateTimeParseException e) {
                return error("time '" + body.time() + "' is not an RFC 3339 instant");
            }
            admin().seek(body.subscription(), time);
            out.put("time", time.toString());
        } else {
            admin().seekToSnapshot(body.subscription(), body.snapshot());
            out.put("snapshot", body.snapshot());
        }
        out.put("seeked", true);
        return Response.ok(out).build();
    }

    @POST
    @Path("/snapshot")
    public Response snapshot(Snapshot body, @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        if (body == null || blank(body.subscription()) || blank(body.snapshot())) {
            return error("body must be {\"subscription\": ..., \"snapshot\": ...}");
        }
        admin().createSnapshot(body.snapshot(), body.subscription());
        return Response.ok(Map.of("subscription", body.subscription(), "snapshot", body.snapshot(), "created", true))
                .build();
    }

    @POST
    @Path("/republish")
    public Response republish(Republish body, @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        if (body == null || blank(body.from()) || blank(body.to())) {
            return error("body must name the window: {\"from\": RFC 3339, \"to\": RFC 3339, optional \"types\","
                    + " \"processor(s)\", \"data_date(s)\", \"dry_run\"}");
        }
        ReplayFilter filter;
        try {
            filter = new ReplayFilter(Instant.parse(body.from()), Instant.parse(body.to()), set(body.types(), null),
                    set(body.processors(), body.processor()), set(body.dataDates(), body.dataDate()));
        } catch (DateTimeParseException e) {
            return error("from/to must be RFC 3339 instants: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
        try {
            return Response.ok(replayer.republish(filter, Boolean.TRUE.equals(body.dryRun()))).build();
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    private PubSubAdmin admin() {
        PubSubAdmin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = new PubSubAdmin(publisher.channels(), config.pubsub().projectId());
                }
                a = admin;
            }
        }
        return a;
    }

    void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
        }
    }

    private static Set<String> set(List<String> list, String single) {
        Set<String> out = new java.util.HashSet<>(list == null ? List.of() : list);
        if (!blank(single)) {
            out.add(single);
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Response error(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", message)).build();
    }
}
