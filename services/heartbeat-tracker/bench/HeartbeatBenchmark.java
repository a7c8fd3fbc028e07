import dev.rebound.localjvm.LocalPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * heartbeat-tracker's benchmark (run by bench/run.sh; the JDK and local-jvm's classes only, started with the source
 * launcher). It starts the Pub/Sub emulator, a bare Quarkus endpoint (the baseline) and the packaged tracker (its
 * state in the PostgreSQL database whose JDBC URL it is given) as processes on loopback, then:
 * <ol>
 * <li>startup: wall time from spawn to ready, and RSS at ready, of both;</li>
 * <li>throughput: heartbeats POSTed to /pubsub/push as Pub/Sub pushes them (same envelope, fresh ce-id each), a
 * bounded count per round at fixed concurrency, rounds alternating baseline / tracker, median of the rounds;</li>
 * <li>detection: 1,000 runs heartbeating, 100 of them go silent; every silent run must be reported within threshold
 * + sweep and no other run at all (read back from GET /runs);</li>
 * <li>memory: RSS and heap with 10,000 open runs, and the time one sweep over them takes.</li>
 * </ol>
 * The tracker runs on a scenario clock (speed below) so that a 180 s threshold passes in seconds.
 */
public class HeartbeatBenchmark {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    static final String PROJECT = "bench";
    static final double SPEED = Double.parseDouble(System.getProperty("speed", "20"));
    static final int CONCURRENCY = Integer.getInteger("concurrency", 16);
    static final int ROUNDS = Integer.getInteger("rounds", 3);
    static final int REQUESTS = Integer.getInteger("requests", 20_000);
    static final int WARMUP = Integer.getInteger("warmup", 10_000);
    static final int DETECT_RUNS = Integer.getInteger("detectRuns", 1_000);
    static final int DETECT_SILENT = Integer.getInteger("detectSilent", 100);
    static final int OPEN_RUNS = Integer.getInteger("openRuns", 10_000);
    static final String DATE = "2026-01-22";
    static final List<String> PHASES = List.of(System.getProperty("phases", "throughput,detection,memory").split(","));
    static final String TRACKER_HEAP = System.getProperty("trackerHeap", "512m");

    static final Instant SIM_START = Instant.parse("2026-01-23T06:00:00Z");
    static final Instant ANCHOR = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final AtomicLong IDS = new AtomicLong();

    static final List<Process> PROCESSES = new ArrayList<>();
    static final Map<String, String> RESULTS = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Path trackerJar = Path.of(args[0]);
        Path baselineJar = Path.of(args[1]);
        Path emulatorJar = Path.of(args[2]);
        Path catalog = Path.of(args[3]);
        String database = args[4];
        Path work = Files.createTempDirectory("heartbeat-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        })));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        int emulatorPort = freePort();
        Process emulator = spawn(work.resolve("emulator.log"), java, "-Xmx256m", "-jar", emulatorJar.toString(),
                "--host=127.0.0.1", "--port=" + emulatorPort);
        String emulatorHost = "127.0.0.1:" + emulatorPort;
        awaitHttp("http://" + emulatorHost + "/v1/projects/" + PROJECT + "/topics", Duration.ofSeconds(60), emulator);
        for (String topic : topics(catalog)) {
            send(HttpRequest.newBuilder(URI.create("http://" + emulatorHost + "/v1/projects/" + PROJECT + "/topics/"
                    + topic)).PUT(HttpRequest.BodyPublishers.noBody()).build());
        }

        // JVM options for both the baseline and the tracker, e.g. -DjvmArgs=-XX:ActiveProcessorCount=1 for the
        // ergonomics of a 1-vCPU Cloud Run instance (serial collector, one CPU's thread pools)
        List<String> jvmArgs = words(System.getProperty("jvmArgs", ""));
        int basePort = freePort();
        long t0 = System.nanoTime();
        List<String> baselineCommand = new ArrayList<>(List.of(java, "-Xmx" + TRACKER_HEAP));
        baselineCommand.addAll(jvmArgs);
        baselineCommand.addAll(List.of("-Dquarkus.http.port=" + basePort, "-jar", baselineJar.toString()));
        Process baseline = spawn(work.resolve("baseline.log"), baselineCommand.toArray(String[]::new));
        String baseUrl = "http://127.0.0.1:" + basePort + "/pubsub/push";
        awaitPushable(baseUrl, Duration.ofSeconds(60), baseline);
        double baseStartup = (System.nanoTime() - t0) / 1e9;
        long baseRss = rssKiB(baseline.pid());

        int trackerPort = freePort();
        // the tracker's own subscription of the heartbeat topic, as in production: the canaries each sweep publishes
        // come back through it, and without them the sweep judges no silence past the tracker's start
        int subscribed = send(HttpRequest.newBuilder(URI.create("http://" + emulatorHost + "/v1/projects/" + PROJECT
                + "/subscriptions/heartbeat-tracker--processor-heartbeats")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"topic\":\"projects/" + PROJECT
                        + "/topics/processor-heartbeats\",\"ackDeadlineSeconds\":10,\"pushConfig\":{\"pushEndpoint\":"
                        + "\"http://127.0.0.1:" + trackerPort + "/pubsub/push\"}}")).build());
        if (subscribed != 200) {
            throw new IllegalStateException("the emulator refused the tracker's subscription: HTTP " + subscribed);
        }
        t0 = System.nanoTime();
        List<String> trackerCommand = new ArrayList<>(List.of(java, "-Xmx" + TRACKER_HEAP));
        trackerCommand.addAll(jvmArgs);
        trackerCommand.addAll(List.of("-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + trackerPort, "-Dquarkus.datasource.jdbc.url=" + database,
                "-Drebound.pubsub.project-id=" + PROJECT, "-Drebound.pubsub.emulator-host=" + emulatorHost,
                "-Drebound.clock.mode=scenario", "-Drebound.clock.start=" + SIM_START,
                "-Drebound.clock.anchor=" + ANCHOR, "-Drebound.clock.speed=" + SPEED,
                "-Dquarkus.log.category.\"rebound.alerts\".level=ERROR",
                "-Dquarkus.log.category.\"dev.rebound.heartbeattracker\".level=ERROR"));
        // extra tracker JVM options, e.g. -DtrackerArgs="-Dquarkus.datasource.jdbc.url=..." to compare settings
        trackerCommand.addAll(words(System.getProperty("trackerArgs", "")));
        trackerCommand.addAll(List.of("-jar", trackerJar.toString()));
        Process tracker = spawn(work.resolve("tracker.log"), trackerCommand.toArray(String[]::new));
        String trackerBase = "http://127.0.0.1:" + trackerPort;
        awaitHttp(trackerBase + "/q/health/ready", Duration.ofSeconds(90), tracker);
        double trackerStartup = (System.nanoTime() - t0) / 1e9;
        long trackerRss = rssKiB(tracker.pid());
        String trackerUrl = trackerBase + "/pubsub/push";

        System.out.printf(Locale.ROOT, "ready: baseline %.2f s, tracker %.2f s; work dir %s%n", baseStartup,
                trackerStartup, work);

        StringBuilder table = new StringBuilder();
        if (!jvmArgs.isEmpty()) {
            table.append(String.format(Locale.ROOT, "%nJVM options of both: %s%n", String.join(" ", jvmArgs)));
        }
        table.append(String.format(Locale.ROOT, "%n| measure | bare Quarkus endpoint (baseline) | heartbeat-tracker | ratio |%n"));
        table.append("|---|---|---|---|\n");
        table.append(String.format(Locale.ROOT, "| startup, spawn → ready (s) | %.2f | %.2f | %.1f× |%n", baseStartup,
                trackerStartup, trackerStartup / baseStartup));
        table.append(String.format(Locale.ROOT, "| RSS at ready (MiB) | %.0f | %.0f | %.1f× |%n", baseRss / 1024.0,
                trackerRss / 1024.0, (double) trackerRss / baseRss));
        if (PHASES.contains("throughput")) {
            throughput(table, baseUrl, trackerUrl);
        }
        if (PHASES.contains("detection")) {
            detection(table, trackerBase, trackerUrl);
        }
        if (PHASES.contains("memory")) {
            memory(table, tracker, trackerBase, trackerUrl);
        }
        System.out.println(table);
        if (System.getProperty("out") != null) {
            Files.writeString(Path.of(System.getProperty("out")), table.toString());
        }
        PROCESSES.forEach(Process::destroy);
        System.exit(0);
    }
    static void throughput(StringBuilder table, String baseUrl, String trackerUrl) throws Exception {
        // ---- throughput: open runs first, so every heartbeat takes the common path (a newer heartbeat of a run)
        int runsForLoad = 1_000;
        List<String> loadRuns = new ArrayList<>();
        for (int i = 0; i < runsForLoad; i++) {
            loadRuns.add("load-" + i);
        }
        blast(trackerUrl, runsForLoad, i -> started("LoadProcessor", loadRuns.get(i), 3600));
        Load warmBase = load(baseUrl, WARMUP, "LoadProcessor", loadRuns);
        Load warmTracker = load(trackerUrl, WARMUP, "LoadProcessor", loadRuns);
        System.out.printf(Locale.ROOT, "warm-up: baseline %.0f/s, tracker %.0f/s%n", warmBase.perSecond(),
                warmTracker.perSecond());
        List<Load> base = new ArrayList<>();
        List<Load> track = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            base.add(load(baseUrl, REQUESTS, "LoadProcessor", loadRuns));
            track.add(load(trackerUrl, REQUESTS, "LoadProcessor", loadRuns));
            System.out.printf(Locale.ROOT, "round %d: baseline %s | tracker %s%n", r + 1, base.get(r), track.get(r));
        }
        Load medBase = median(base);
        Load medTrack = median(track);

        // the same push path with a valid event type the tracker does not handle: decoding and validation only
        List<Load> ignored = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            ignored.add(loadBodies(trackerUrl, REQUESTS, i -> scraperCompleted()));
        }
        Load medIgnored = median(ignored);
        // handled, but the tracker writes nothing of its own (its own failed(reason=stuck) echo): the runtime's
        // per-message ledger commit is the floor any write-behind of heartbeats could reach
        List<Load> ledgerOnly = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            ledgerOnly.add(loadBodies(trackerUrl, REQUESTS, i -> stuckEcho()));
        }
        Load medLedger = median(ledgerOnly);
        System.out.printf(Locale.ROOT, "stuck echo (ledger only): %s%n", medLedger);
        System.out.printf(Locale.ROOT, "ignored type through the tracker's push endpoint: %s; push outcomes %s%n",
                medIgnored, get(trackerUrl + "/stats"));
        table.append(String.format(Locale.ROOT, "| push requests/s (median of %d rounds × %,d, concurrency %d) | %,.0f | %,.0f | %.2f |%n",
                ROUNDS, REQUESTS, CONCURRENCY, medBase.perSecond(), medTrack.perSecond(),
                medTrack.perSecond() / medBase.perSecond()));
        table.append(String.format(Locale.ROOT, "| p50 latency (ms) | %.2f | %.2f | %.1f× |%n", medBase.p50(),
                medTrack.p50(), medTrack.p50() / medBase.p50()));
        table.append(String.format(Locale.ROOT, "| p99 latency (ms) | %.2f | %.2f | %.1f× |%n", medBase.p99(),
                medTrack.p99(), medTrack.p99() / medBase.p99()));
        table.append(String.format(Locale.ROOT, "| non-2xx answers | %d | %d | |%n", medBase.errors(),
                medTrack.errors()));
        table.append(String.format(Locale.ROOT, "| same endpoint, event type it ignores (decode + validate only): req/s, p50, p99 | | %,.0f, %.2f ms, %.2f ms | %.2f |%n",
                medIgnored.perSecond(), medIgnored.p50(), medIgnored.p99(), medIgnored.perSecond() / medBase.perSecond()));
        table.append(String.format(Locale.ROOT, "| same endpoint, handled but no write of the tracker's own (ledger only): req/s, p50, p99 | | %,.0f, %.2f ms, %.2f ms | %.2f |%n",
                medLedger.perSecond(), medLedger.p50(), medLedger.p99(), medLedger.perSecond() / medBase.perSecond()));
    }

    static void detection(StringBuilder table, String trackerBase, String trackerUrl) throws Exception {
        // ---- detection: 1,000 runs beat every 20 s (sim); 100 stop; all others keep beating past the threshold
        String detectProcessor = "DetectProcessor";
        int interval = 60;
        List<String> detectRuns = new ArrayList<>();
        for (int i = 0; i < DETECT_RUNS; i++) {
            detectRuns.add("detect-" + i);
        }
        blast(trackerUrl, DETECT_RUNS, i -> started(detectProcessor, detectRuns.get(i), interval));
        Duration threshold = Duration.ofSeconds(3L * interval);
        Duration beatEvery = Duration.ofSeconds(20);
        Instant silenceFrom = simNow().plus(beatEvery.multipliedBy(2));
        Instant end = silenceFrom.plus(threshold).plus(threshold);
        while (simNow().isBefore(end)) {
            Instant roundStart = simNow();
            boolean silent = roundStart.isAfter(silenceFrom);
            blast(trackerUrl, DETECT_RUNS, i -> silent && i < DETECT_SILENT ? null
                    : heartbeat(detectProcessor, detectRuns.get(i)));
            awaitSim(roundStart.plus(beatEvery));
        }
        awaitSim(simNow().plusSeconds(20));
        String json = get(trackerBase + "/runs?processor=" + detectProcessor + "&state=stuck&limit=1000");
        List<Double> latencies = new ArrayList<>();
        int wrong = 0;
        for (String obj : json.strip().equals("[]") ? new String[0] : json.split("\\},\\{\"processor\"")) {
            String runId = field(obj, "run_id");
            int n = Integer.parseInt(runId.substring("detect-".length()));
            if (n >= DETECT_SILENT) {
                wrong++;
            }
            double silentFor = Double.parseDouble(field(obj, "silent_for_s"));
            double th = Double.parseDouble(field(obj, "threshold_s"));
            latencies.add(silentFor - th);
        }
        int detected = latencies.size() - wrong;
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();

        table.append(String.format(Locale.ROOT, "%n| detection (%,d runs, %d silent, threshold %d s, sweep 10 s, clock ×%.0f) | value |%n",
                DETECT_RUNS, DETECT_SILENT, threshold.toSeconds(), SPEED));
        table.append("|---|---|\n");
        table.append(String.format(Locale.ROOT, "| silent runs reported | %d of %d |%n", detected, DETECT_SILENT));
        table.append(String.format(Locale.ROOT, "| false positives (runs still beating reported stuck) | %d |%n", wrong));
        table.append(String.format(Locale.ROOT, "| latency after threshold, sim s: min / p50 / p95 / max | %s |%n",
                lat.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", lat[0],
                        pct(lat, 50), pct(lat, 95), lat[lat.length - 1])));
        table.append(String.format(Locale.ROOT, "| every silent run within threshold + sweep | %s |%n",
                lat.length == DETECT_SILENT && wrong == 0 && lat[lat.length - 1] <= 10.0 ? "yes" : "NO"));
    }

    static void memory(StringBuilder table, Process tracker, String trackerBase, String trackerUrl)
            throws Exception {
        // ---- memory: 10,000 open runs
        long rssBefore = rssKiB(tracker.pid());
        blast(trackerUrl, OPEN_RUNS, i -> started("OpenRunsProcessor", "open-" + i, 3600));
        double heapMiB = heapUsedMiB(trackerBase);
        long rssOpen = rssKiB(tracker.pid());
        List<Double> sweeps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long s = System.nanoTime();
            post(trackerBase + "/tasks/sweep");
            sweeps.add((System.nanoTime() - s) / 1e6);
        }
        String running = field(post(trackerBase + "/tasks/sweep"), "running_runs");

        table.append(String.format(Locale.ROOT, "%n| memory with open runs | value |%n|---|---|%n"));
        table.append(String.format(Locale.ROOT, "| open runs tracked | %s |%n", running));
        table.append(String.format(Locale.ROOT, "| RSS before / after %,d more open runs (MiB) | %.0f / %.0f |%n",
                OPEN_RUNS, rssBefore / 1024.0, rssOpen / 1024.0));
        table.append(String.format(Locale.ROOT, "| JVM heap used after them (MiB) | %.0f |%n", heapMiB));
        double[] sw = sweeps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        table.append(String.format(Locale.ROOT, "| one sweep over them, POST /tasks/sweep (ms, median of 5) | %.0f |%n",
                pct(sw, 50)));
    }

    // ---- load

    record Load(double perSecond, double p50, double p99, long errors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f/s p50 %.2f ms p99 %.2f ms errors %d", perSecond, p50, p99,
                    errors);
        }
    }

    static Load median(List<Load> loads) {
        List<Load> sorted = new ArrayList<>(loads);
        sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        return sorted.get(sorted.size() / 2);
    }

    /**
     * {@code total} heartbeats at fixed concurrency; worker w sends for runs w, w+C, ... in turn, so each run's
     * heartbeats are sent in order (as one processor would).
     */
    static Load load(String url, int total, String processor, List<String> runs) throws Exception {
        return loadBodies(url, total, new Body() {
            final ThreadLocal<int[]> counter = ThreadLocal.withInitial(() -> new int[1]);

            @Override
            public byte[] of(int worker) {
                int k = counter.get()[0]++;
                int runIndex = worker + CONCURRENCY * (k % Math.max(1, runs.size() / CONCURRENCY));
                return heartbeat(processor, runs.get(runIndex % runs.size()));
            }
        });
    }

    /** {@code total} requests at fixed concurrency; the body function gets the worker's index. */
    static Load loadBodies(String url, int total, Body bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        long[] latencies = new long[total];
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= total) {
                        return null;
                    }
                    byte[] body = bodies.of(worker);
                    long s = System.nanoTime();
                    int status = post(url, body);
                    latencies[(int) i] = System.nanoTime() - s;
                    if (status / 100 != 2) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        return new Load(total / seconds, latencies[(int) (total * 0.50)] / 1e6,
                latencies[(int) Math.min(total - 1, total * 0.99)] / 1e6, errors.get());
    }

    interface Body {
        byte[] of(int i);
    }

    /** Sends one body per index (null: skip) at fixed concurrency, failing on any non-2xx. */
    static void blast(String url, int count, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                byte[] b = body.of(index);
                return b == null ? 204 : post(url, b);
            }));
        }
        for (Future<Integer> f : futures) {
            int status = f.get();
            if (status / 100 != 2) {
                throw new IllegalStateException("push answered " + status);
            }
        }
        pool.shutdown();
    }

    // ---- events as Pub/Sub pushes them

    static Instant simNow() {
        long realNanos = Duration.between(ANCHOR, Instant.now()).toNanos();
        return SIM_START.plusNanos(Math.round(realNanos * SPEED));
    }

    /** Paces the load generator to the scenario clock (10 ms steps). */
    static void awaitSim(Instant sim) throws InterruptedException {
        while (simNow().isBefore(sim)) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    static byte[] started(String processor, String runId, int intervalS) {
        Instant now = simNow();
        return envelope("pipeline.processor.started.v1", processor, now, "{\"processor\":\"" + processor
                + "\",\"run_id\":\"" + runId + "\",\"data_date\":\"" + DATE + "\",\"started_at\":\"" + now
                + "\",\"heartbeat_interval_s\":" + intervalS + ",\"trigger\":\"scheduled\"}");
    }

    static byte[] heartbeat(String processor, String runId) {
        Instant now = simNow();
        return envelope("pipeline.processor.heartbeat.v1", processor, now, "{\"processor\":\"" + processor
                + "\",\"run_id\":\"" + runId + "\",\"data_date\":\"" + DATE + "\",\"at\":\"" + now
                + "\",\"progress\":{\"done\":1,\"total\":10}}");
    }

    static byte[] stuckEcho() {
        Instant now = simNow();
        String runId = "echo-" + IDS.incrementAndGet();
        return envelope("pipeline.processor.failed.v1", "EchoProcessor", now, "{\"processor\":\"EchoProcessor\","
                + "\"run_id\":\"" + runId + "\",\"data_date\":\"" + DATE + "\",\"failed_at\":\"" + now
                + "\",\"reason\":\"stuck\",\"message\":\"no heartbeat\",\"retryable\":true}");
    }

    static byte[] scraperCompleted() {
        Instant now = simNow();
        return envelope("pipeline.scraper.completed.v1", null, now, "{\"scraper\":\"espn_team_roster\","
                + "\"data_date\":\"" + DATE + "\",\"completed_at\":\"" + now + "\",\"objects\":"
                + "[\"gs://bench/rosters/team.json\"],\"source\":\"scraper\"}");
    }

    static byte[] envelope(String type, String processor, Instant time, String data) {
        long id = IDS.incrementAndGet();
        String b64 = Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8));
        return ("{\"subscription\":\"projects/" + PROJECT + "/subscriptions/heartbeat-tracker--processor-heartbeats\","
                + "\"message\":{\"data\":\"" + b64 + "\",\"messageId\":\"" + id + "\",\"publishTime\":\"" + time
                + "\",\"attributes\":{\"ce-specversion\":\"1.0\",\"ce-id\":\"bench-" + ANCHOR.toEpochMilli() + "-"
                + id + "\",\"ce-source\":\"//bench/processor\",\"ce-type\":\"" + type + "\",\"ce-time\":\"" + time
                + "\",\"content-type\":\"application/json\","
                + (processor == null ? "" : "\"processor\":\"" + processor + "\",") + "\"data_date\":\""
                + DATE + "\"}}}").getBytes(StandardCharsets.UTF_8);
    }

    // ---- HTTP and processes

    static int post(String url, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String post(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static List<String> topics(Path catalog) throws IOException {
        Matcher m = Pattern.compile("\\{\\s*\"name\":\\s*\"([a-z0-9-]+)\",\\s*\"description\"")
                .matcher(Files.readString(catalog));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static double heapUsedMiB(String base) throws IOException, InterruptedException {
        double bytes = 0;
        for (String line : get(base + "/q/metrics").split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return bytes / 1024 / 1024;
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    static Process spawn(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PROCESSES.add(p);
        return p;
    }

    static void awaitHttp(String url, Duration timeout, Process process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited while starting: " + url);
            }
            try {
                if (send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build()) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        throw new IllegalStateException(url + " not ready within " + timeout);
    }

    static void awaitPushable(String url, Duration timeout, Process process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited while starting: " + url);
            }
            try {
                if (post(url, "{}".getBytes(StandardCharsets.UTF_8)) / 100 == 2) {
                    return;
                }
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        throw new IllegalStateException(url + " not ready within " + timeout);
    }

    static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    /**
     * A port for a process about to start: outside the kernel's ephemeral range, which the load generator's own
     * connections draw from.
     */
    static int freePort() {
        return LocalPorts.free();
    }
}
