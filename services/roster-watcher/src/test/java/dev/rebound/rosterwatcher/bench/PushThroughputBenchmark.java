package dev.rebound.rosterwatcher.bench;

import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import dev.rebound.rosterwatcher.GcsNotifications;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Cloud Storage notifications per second through roster-watcher's push endpoint, with latency percentiles, against
 * a bare Quarkus REST endpoint of the same process measured in the same run (the shared runtime's
 * {@code GET /pubsub/push/stats}: a JAX-RS method returning an in-memory map, no I/O).
 *
 * <p>The service is the packaged jar on the local profile (a fresh database on a real PostgreSQL server started by
 * this JVM, or the one {@code REBOUND_POSTGRES_URL} names; the real Pub/Sub emulator). Each notification is a
 * distinct roster object in the real GCS format, posted as the push body Pub/Sub would send; every 30th completes a
 * day and queues a scraper completion in the same transaction, which the service's outbox relay publishes to the
 * emulator, as in production. Rounds alternate baseline and push; the report gives every round and the median.
 *
 * <p>Run: {@code services/roster-watcher/bench/run.sh} (arguments: rounds, requests per round, client threads).
 */
public final class PushThroughputBenchmark {

    record Result(String name, int requests, double seconds, double[] latenciesMs, int errors) {
        double perSecond() {
            return requests / seconds;
        }

        double percentile(double p) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger sequence = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        new PushThroughputBenchmark().run(rounds, requests, threads);
    }

    private void run(int rounds, int requests, int threads) throws Exception {
        PubSubEmulator emulator = PubSubEmulator.shared()
                .orElseThrow(() -> new IllegalStateException(PubSubEmulator.unavailableReason()));
        String project = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        String baseUrl = "http://127.0.0.1:" + port;
        try (PubSubTestClient pubsub = new PubSubTestClient(emulator.hostPort(), project)) {
            TopicCatalog catalog = TopicCatalog.load();
            catalog.topics().forEach(t -> pubsub.admin().createTopic(t.name()));
            Map<String, String> properties = Map.of("quarkus.log.level", "WARN",
                    "quarkus.datasource.jdbc.url", TestPostgres.freshDatabase("roster_bench"),
                    "rebound.pubsub.project-id", project, "rebound.pubsub.emulator-host", emulator.hostPort());
            // the server compiler and the default collector, as deployed (not the tests' start-up flags)
            try (PackagedService service = PackagedService.of(PackagedService.MODULE_JAR, port,
                    Path.of("target", "bench-service.log"), properties, PackagedService.BENCHMARK_JVM_OPTIONS)
                    .startReady(Duration.ofSeconds(90))) {
                String pushUrl = baseUrl + "/pubsub/push";
                String baselineUrl = baseUrl + "/pubsub/push/stats";
                System.out.printf("roster-watcher push benchmark: %d rounds x %d requests, %d client threads, %d cores,"
                        + " Java %s%n", rounds, requests, threads, Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"));
                // warm-up: JIT, connection pools, the database's caches, the emulator publisher
                measure("warm-up baseline", Math.max(1000, requests / 3), threads, i -> get(baselineUrl));
                measure("warm-up push", Math.max(1000, requests / 3), threads, i -> push(pushUrl));
                List<Result> baseline = new ArrayList<>();
                List<Result> push = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    baseline.add(report(measure("baseline GET /pubsub/push/stats", requests, threads,
                            i -> get(baselineUrl))));
                    push.add(report(measure("push POST /pubsub/push (GCS notification)", requests, threads,
                            i -> push(pushUrl))));
                }
                summary(baseline, push);
                // what the pushes did: every notification recorded, every 30 published as one completion
                System.out.println("bridge stats after the run: " + service.get("/bridge/stats").body());
            }
        }
    }

    private HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    /** A distinct roster object: 30 teams per day, consecutive days from 2000-01-01. */
    private HttpRequest push(String url) {
        int n = sequence.getAndIncrement();
        LocalDate date = LocalDate.parse("2000-01-01").plusDays(n / 30);
        String team = GcsNotifications.TEAMS.get(n % 30);
        EncodedMessage message = GcsNotifications.rosterFinalize(date, team, 1700000000000000L + n);
        try {
            byte[] body = Json.mapper().writeValueAsBytes(Map.of(
                    "subscription", "projects/bench/subscriptions/roster-watcher--gcs-object-notifications",
                    "message", Map.of("data", Base64.getEncoder().encodeToString(message.data()),
                            "attributes", message.attributes(), "messageId", "bench-" + n,
                            "publishTime", "2026-01-23T14:30:00Z")));
            return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result measure(String name, int requests, int threads, IntFunction<HttpRequest> request) throws Exception {
        double[] latencies = new double[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest r = request.apply(i);
                    long sent = System.nanoTime();
                    try {
                        int status = http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = (System.nanoTime() - sent) / 1e6;
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(name, requests, seconds, latencies, errors.get());
    }

    private static Result report(Result r) {
        System.out.printf("  %-45s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", r.name(), r.perSecond(),
                r.percentile(50), r.percentile(99), r.errors());
        return r;
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> metric) {
        double[] values = results.stream().mapToDouble(metric).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static void summary(List<Result> baseline, List<Result> push) {
        double baseRate = median(baseline, Result::perSecond);
        double pushRate = median(push, Result::perSecond);
        System.out.println();
        System.out.println("| endpoint | median req/s | median p50 ms | median p99 ms | errors |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.printf("| baseline: GET /pubsub/push/stats (bare JAX-RS, no I/O) | %.0f | %.2f | %.2f | %d |%n",
                baseRate, median(baseline, r -> r.percentile(50)), median(baseline, r -> r.percentile(99)),
                baseline.stream().mapToInt(Result::errors).sum());
        System.out.printf("| POST /pubsub/push, GCS notification → bridge | %.0f | %.2f | %.2f | %d |%n",
                pushRate, median(push, r -> r.percentile(50)), median(push, r -> r.percentile(99)),
                push.stream().mapToInt(Result::errors).sum());
        System.out.printf("%nratio push / baseline (throughput): %.3f%n", pushRate / baseRate);
    }
}
