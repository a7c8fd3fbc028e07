package dev.rebound.testing.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged probe service (test-support/bench/pull-probe) of a {@link Variant}, started on its own port against a
 * project of the emulator and a database: how long it took to be ready, its RSS, and what its handler saw.
 */
final class ProbeService implements AutoCloseable {
    /** The runtime's HTTP edge answers in snake_case; an unknown field fails rather than reading as zero. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    /** How the probe pulls; each is a package of its own (the pom's profiles). */
    enum Variant {
        google("Google client (runtime's PullDelivery)"),
        quarkiverse("Google client + Quarkiverse Pub/Sub extension on the classpath"),
        smallrye("SmallRye RM gcp-pubsub connector (+ quarkus-messaging, Quarkiverse)");

        final String label;

        Variant(String label) {
            this.label = label;
        }

        Path jar(Path probeDir) {
            return probeDir.resolve("target").resolve(name()).resolve("quarkus-app/quarkus-run.jar");
        }
    }

    record Progress(long processed, long failed, Map<String, Long> outcomes) {
        long outcome(String name) {
            return outcomes.getOrDefault(name, 0L);
        }
    }

    record Delivery(String ceId, String runId, int handled, long failedAtMicros, long processedAtMicros) {
    }

    final Variant variant;
    final String project;
    final Duration startup;
    final long rssAtReadyKiB;
    private final PackagedService service;

    private ProbeService(Variant variant, String project, Duration startup, PackagedService service) {
        this.variant = variant;
        this.project = project;
        this.startup = startup;
        this.service = service;
        this.rssAtReadyKiB = rssKiB();
    }

    static ProbeService start(Variant variant, Path probeDir, String project, String database,
            PubSubEmulator emulator, Path logDir, int instance) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.jdbc.url", database);
        props.put("rebound.pubsub.emulator-host", emulator.hostPort());
        props.put("rebound.pubsub.project-id", project);
        if (variant != Variant.google) {
            props.put("quarkus.google.cloud.project-id", project);
            props.put("quarkus.google.cloud.enable-metadata-server", "false");
        }
        if (variant == Variant.smallrye) {
            String[] hostPort = emulator.hostPort().split(":");
            props.put("rebound.push.delivery", "push");
            props.put("mock-pubsub-topics", "true");
            props.put("mock-pubsub-host", hostPort[0]);
            props.put("mock-pubsub-port", hostPort[1]);
        }
        int port = PubSubEmulator.freePort();
        // the server compiler and the default collector, as deployed (not the tests' start-up flags)
        PackagedService service = PackagedService.of(variant.jar(probeDir), port,
                logDir.resolve(project + "-" + instance + ".log"), props, PackagedService.BENCHMARK_JVM_OPTIONS);
        long t0 = System.nanoTime();
        service.startReady(READY_WITHIN);
        return new ProbeService(variant, project, Duration.ofNanos(System.nanoTime() - t0), service);
    }

    Progress progress(String round) {
        return get("/bench/progress?round=" + round, new TypeReference<>() {
        });
    }

    List<Delivery> deliveries(String round) {
        return get("/bench/deliveries?round=" + round, new TypeReference<>() {
        });
    }

    /** Resident set size of the service's JVM now. */
    long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.process().pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private <T> T get(String path, TypeReference<T> type) {
        try {
            HttpResponse<String> response = service.get(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(variant + " probe answered " + response.statusCode() + " to " + path);
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
