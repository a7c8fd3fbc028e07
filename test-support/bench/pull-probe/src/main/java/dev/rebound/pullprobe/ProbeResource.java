package dev.rebound.pullprobe;

import dev.rebound.runtime.push.PushStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** What the benchmark reads from a probe: progress of a round (cheap, polled) and its deliveries (once, at the end). */
@Path("/bench")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {
    private final FailFirstDeliveryHandler handler;
    private final PushStats stats;

    public ProbeResource(FailFirstDeliveryHandler handler, PushStats stats) {
        this.handler = handler;
        this.stats = stats;
    }

    public record Progress(long processed, long failed, Map<String, Long> outcomes) {
    }

    public record DeliveryView(String ceId, String runId, int handled, long failedAtMicros, long processedAtMicros) {
    }

    @GET
    @Path("/progress")
    public Progress progress(@QueryParam("round") String round) {
        long processed = 0;
        long failed = 0;
        for (FailFirstDeliveryHandler.Delivery d : handler.deliveries()) {
            if (d.runId.startsWith(round)) {
                processed += d.processedAtMicros != 0 ? 1 : 0;
                failed += d.failedAtMicros != 0 ? 1 : 0;
            }
        }
        return new Progress(processed, failed, stats.snapshot());
    }

    @GET
    @Path("/deliveries")
    public List<DeliveryView> deliveries(@QueryParam("round") String round) {
        return handler.deliveries().stream().filter(d -> d.runId.startsWith(round))
                .map(d -> new DeliveryView(d.ceId, d.runId, d.handled.get(), d.failedAtMicros, d.processedAtMicros))
                .toList();
    }
}
