package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.replay.ArchiveReplayer;
import dev.rebound.backfillorchestrator.replay.ReplayAdmin;
import dev.rebound.backfillorchestrator.replay.ReplayFilter;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replay for recovery: seek a subscription to a time or snapshot (Pub/Sub redelivers what it retained), take a
 * snapshot first, or re-publish archived events of a window.
 */
@Path("/replay")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class ReplayResource {
    private final ArchiveReplayer replayer;
    private final ReplayAdmin pubsub;

    public ReplayResource(ArchiveReplayer replayer, ReplayAdmin pubsub) {
        this.replayer = replayer;
        this.pubsub = pubsub;
    }

    /** Exactly one of {@code time} (RFC 3339) or {@code snapshot}. */
    public record Seek(String subscription, String time, String snapshot) {
    }

    public record Seeked(String subscription, Instant time, String snapshot) {
    }

    public record Snapshot(String subscription, String snapshot) {
    }

    /** {@code processor} and {@code data_date} (one value each) add to the lists. */
    public record Republish(String from, String to, List<String> types, List<String> processors, String processor,
            List<String> dataDates, String dataDate, Boolean dryRun) {
    }

    @POST
    @Path("/seek")
    public Seeked seek(Seek body) {
        if (body == null || blank(body.subscription()) || blank(body.time()) == blank(body.snapshot())) {
            throw new BadRequestException(
                    "body must be {\"subscription\": ..., and exactly one of \"time\" (RFC 3339) or \"snapshot\"}");
        }
        PubSubAdmin admin = pubsub.admin();
        if (blank(body.time())) {
            admin.seekToSnapshot(body.subscription(), body.snapshot());
            return new Seeked(body.subscription(), null, body.snapshot());
        }
        Instant time;
        try {
            time = Instant.parse(body.time());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("time '" + body.time() + "' is not an RFC 3339 instant");
        }
        admin.seek(body.subscription(), time);
        return new Seeked(body.subscription(), time, null);
    }

    @POST
    @Path("/snapshot")
    public Snapshot snapshot(Snapshot body) {
        if (body == null || blank(body.subscription()) || blank(body.snapshot())) {
            throw new BadRequestException("body must be {\"subscription\": ..., \"snapshot\": ...}");
        }
        pubsub.admin().createSnapshot(body.snapshot(), body.subscription());
        return body;
    }

    @POST
    @Path("/republish")
    public ArchiveReplayer.Result republish(Republish body) {
        if (body == null || blank(body.from()) || blank(body.to())) {
            throw new BadRequestException("body must name the window: {\"from\": RFC 3339, \"to\": RFC 3339,"
                    + " optional \"types\", \"processor(s)\", \"data_date(s)\", \"dry_run\"}");
        }
        ReplayFilter filter;
        try {
            filter = new ReplayFilter(Instant.parse(body.from()), Instant.parse(body.to()), set(body.types(), null),
                    set(body.processors(), body.processor()), set(body.dataDates(), body.dataDate()));
        } catch (DateTimeParseException e) {
            throw new BadRequestException("from/to must be RFC 3339 instants: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        try {
            return replayer.republish(filter, Boolean.TRUE.equals(body.dryRun()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static Set<String> set(List<String> list, String single) {
        Set<String> out = new HashSet<>(list == null ? List.of() : list);
        if (!blank(single)) {
            out.add(single);
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
