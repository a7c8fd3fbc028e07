package dev.rebound.pipelinesimulator;

import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.pipelinesimulator.config.ScenarioProducer.LoadedScenario;
import dev.rebound.pipelinesimulator.config.SimulatorConfig;
import dev.rebound.scenario.CronSchedule;
import dev.rebound.scenario.Scenario;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Cloud Scheduler, locally: POSTs each service's periodic endpoint on the cron schedules of the scheduler catalog
 * (the same file Terraform is checked against), in sim time, from the scenario's start to its end. Like Cloud
 * Scheduler it does not catch up on firings it missed; a slow call never delays the next one. When a service runs as
 * several instances (a comma-separated list of URLs), successive firings alternate between them, as Cloud Run's
 * load balancing spreads Cloud Scheduler's calls.
 */
@ApplicationScoped
public class CloudSchedulerPlayer {
    private static final Logger LOG = Logger.getLogger(CloudSchedulerPlayer.class);

    private final LoadedScenario loaded;
    private final SimulatorConfig config;
    private final SimScheduler scheduler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    public CloudSchedulerPlayer(LoadedScenario loaded, SimulatorConfig config, SimScheduler scheduler) {
        this.loaded = loaded;
        this.config = config;
        this.scheduler = scheduler;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        if (loaded.scenario().isEmpty() || !loaded.scenario().get().playsCloudScheduler()) {
            return;
        }
        Scenario s = loaded.scenario().get();
        for (SchedulerJobs.Job job : SchedulerJobs.load().jobs()) {
            String urls = config.services().get(job.service());
            if (urls == null) {
                LOG.warnf("Scheduler job %s skipped: no URL for %s under rebound.simulator.services", job.name(),
                        job.service());
                continue;
            }
            CronSchedule cron = CronSchedule.parse(job.schedule());
            Instant from = s.start().minusMillis(1).isAfter(scheduler.now()) ? s.start().minusMillis(1) : scheduler.now();
            scheduleNext(job, cron, List.of(urls.split(",")), from, s.end());
        }
    }

    private void scheduleNext(SchedulerJobs.Job job, CronSchedule cron, List<String> bases, Instant after,
            Instant end) {
        Instant next = cron.next(after);
        if (next.isAfter(end)) {
            return;
        }
        scheduler.at(next, job.name(), () -> {
            long firing = calls.computeIfAbsent(job.name(), k -> new AtomicLong()).get();
            call(job, bases.get((int) (firing % bases.size())).strip());
            Instant now = scheduler.now();
            scheduleNext(job, cron, bases, now.isAfter(next) ? now : next, end);
        });
    }

    private void call(SchedulerJobs.Job job, String base) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + job.path()))
                .timeout(Duration.ofMillis(config.schedulerTimeoutMs()))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Google-Cloud-Scheduler (rebound simulator)")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        calls.computeIfAbsent(job.name(), k -> new AtomicLong()).incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() >= 300) {
                failures.computeIfAbsent(job.name(), k -> new AtomicLong()).incrementAndGet();
                LOG.debugf("Scheduler job %s → %s%s: %s", job.name(), base, job.path(),
                        error != null ? error.toString() : "HTTP " + response.statusCode());
            }
        });
    }

    /** Calls and failed calls per job, for the status endpoint. */
    public Map<String, long[]> counts() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        calls.forEach((job, n) -> out.put(job, new long[] {n.get(),
                failures.getOrDefault(job, new AtomicLong()).get()}));
        return out;
    }
}
