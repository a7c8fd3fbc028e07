package dev.rebound.pipelinesimulator;

import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.events.gcs.GcsObject;
import dev.rebound.pipelinesimulator.config.ScenarioProducer.LoadedScenario;
import dev.rebound.pipelinesimulator.config.SimulatorConfig;
import dev.rebound.scenario.Scenario;
import dev.rebound.pipelinesimulator.store.PipelineTables;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Plays the scenario's timeline: seeds the start state, then at their sim times lands scraper files in "Cloud
 * Storage" (real GCS-format notifications), starts the pipeline's own scheduled runs, and sets off storms.
 */
@ApplicationScoped
public class ScenarioPlayer {
    private static final Logger LOG = Logger.getLogger(ScenarioPlayer.class);

    private final LoadedScenario loaded;
    private final SimulatorConfig config;
    private final Topology topology;
    private final PipelineTables tables;
    private final ProcessorRuns runs;
    private final SimScheduler scheduler;
    private final EventPublisher publisher;
    private final GcsNotificationCodec gcsCodec;

    public ScenarioPlayer(LoadedScenario loaded, SimulatorConfig config, Topology topology, PipelineTables tables,
            ProcessorRuns runs, SimScheduler scheduler, EventPublisher publisher, GcsNotificationCodec gcsCodec) {
        this.loaded = loaded;
        this.config = config;
        this.topology = topology;
        this.tables = tables;
        this.runs = runs;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.gcsCodec = gcsCodec;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        if (loaded.scenario().isEmpty()) {
            LOG.info("No scenario configured (rebound.simulator.scenario): answering triggers only");
            return;
        }
        Scenario s = loaded.scenario().get();
        if (config.seedTables()) {
            tables.seed(s, s.start());
        }
        s.history().forEach(runs::history);
        for (Scenario.FileLanding f : s.files()) {
            if (f.at().isBefore(s.start())) {
                // landed before the replay: notified now, before start-up completes, so they precede any check
                land(s, f);
            } else {
                scheduler.at(f.at(), "files of " + f.scraper(), () -> land(s, f));
            }
        }
        for (Scenario.ScheduledRun r : s.runs()) {
            scheduler.at(r.at(), "scheduled " + r.processor(), () -> runs.startScheduled(r.processor(),
                    r.dataDate(), null, null, null));
        }
        for (Scenario.Storm st : s.storms()) {
            scheduler.at(st.at(), "storm", () -> runs.storm(st.processor(), st.dataDate(),
                    st.sameId() == null ? 0 : st.sameId(), st.freshIds() == null ? 0 : st.freshIds()));
        }
        LOG.infof("Playing scenario %s: %s → %s, %d scheduled runs, %d file landings, %d storms (sim now %s)",
                s.name(), s.start(), s.end(), s.runs().size(), s.files().size(), s.storms().size(), scheduler.now());
    }

    /**
     * Publishes one OBJECT_FINALIZE notification per object, in Cloud Storage's own format, all at once: Cloud Storage
     * notifies the objects of one upload within moments, and one after another on a loaded machine they would trickle
     * out over the scraper's batch window.
     */
    void land(Scenario s, Scenario.FileLanding f) {
        PipelineConfig.Scraper scraper = topology.config().scrapers().stream()
                .filter(sc -> sc.name().equals(f.scraper())).findFirst().orElseThrow();
        String bucket = f.bucket() != null ? f.bucket() : scraper.bucket();
        List<String> keys = f.keys() != null ? f.keys() : List.copyOf(s.teams().keySet());
        List<String> paths = new ArrayList<>();
        List<EncodedMessage> notifications = new ArrayList<>();
        for (String key : keys) {
            Instant now = f.at().isBefore(scheduler.now()) ? f.at() : scheduler.now();
            String object = f.object().replace("{date}", f.dataDate().toString()).replace("{key}", key);
            long generation = ChronoUnit.MICROS.between(Instant.EPOCH, now);
            String time = now.toString();
            GcsObject resource = new GcsObject("storage#object", bucket + "/" + object + "/" + generation, object,
                    bucket, Long.toString(generation), Integer.toString(512 + 64 * s.playersOf(key).size()),
                    "application/json", time, time, null);
            GcsNotification n = new GcsNotification(GcsNotification.OBJECT_FINALIZE, bucket, object, generation,
                    GcsNotification.JSON_API_V1, now, "projects/_/buckets/" + bucket + "/notificationConfigs/1",
                    resource);
            notifications.add(gcsCodec.encode(n));
            paths.add("gs://" + bucket + "/" + object);
        }
        publisher.publishRawAll(Topics.GCS_OBJECT_NOTIFICATIONS, notifications);
        runs.landed(f.scraper(), f.dataDate(), paths);
        LOG.infof("Scraper %s landed %d objects for %s in gs://%s", f.scraper(), paths.size(), f.dataDate(), bucket);
    }
}
