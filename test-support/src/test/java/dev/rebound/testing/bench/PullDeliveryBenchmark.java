package dev.rebound.testing.bench;

import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.TestPostgres;
import dev.rebound.testing.bench.ProbeService.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pull delivery compared (issue 14): the runtime's streaming pull with the Google client against SmallRye Reactive
 * Messaging's gcp-pubsub connector, both handing every message to the same InboundMessageProcessor in the same probe
 * service, packaged per variant, against the real emulator and a real PostgreSQL server. Phases:
 * <ol>
 * <li>startup: spawn to ready and RSS at ready of each package (rounds interleaved);</li>
 * <li>throughput: heartbeats published and processed end to end, after a warm-up round each, rounds alternating
 * the variants;</li>
 * <li>redelivery: a fraction fails transiently on first delivery; time from the failure to its reprocessing;</li>
 * <li>outage: a burst that all fails once (a state-store outage), then healthy messages: are they still taken?</li>
 * <li>pairs: two instances on one subscription (competing consumers): each message processed once, and the spread.</li>
 * </ol>
 * Run with {@code test-support/bench/pull-delivery.sh} (which packages the probes); settings as -D properties.
 */
public final class PullDeliveryBenchmark {
    private static final int STARTUPS = Integer.getInteger("startups", 5);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int WARMUP = Integer.getInteger("warmup", 2000);
    private static final int MESSAGES = Integer.getInteger("messages", 2000);
    private static final int FAIL_ROUNDS = Integer.getInteger("failRounds", 3);
    private static final int FAIL_MESSAGES = Integer.getInteger("failMessages", 500);
    private static final int FAIL_EVERY = Integer.getInteger("failEvery", 10);
    private static final Duration REDELIVERY_WAIT = Duration.parse(System.getProperty("redeliveryWait", "PT75S"));
    private static final int OUTAGE_MESSAGES = Integer.getInteger("outageMessages", 1200);
    private static final int AFTER_OUTAGE = Integer.getInteger("afterOutage", 100);
    private static final Duration OUTAGE_WAIT = Duration.parse(System.getProperty("outageWait", "PT60S"));
    private static final int PAIR_MESSAGES = Integer.getInteger("pairMessages", 2000);
    private static final List<String> PHASES = List.of(System.getProperty("phases",
            "throughput,redelivery,outage,pairs").split(","));
    private static final Duration ROUND_WITHIN = Duration.parse(System.getProperty("roundWithin", "PT5M"));
    private static final String SERVICE = "heartbeat-tracker";

    private final Path probeDir;
    private final PubSubEmulator emulator;
    private final TopicCatalog catalog = TopicCatalog.load();
    private final Path logs;
    private final ExecutorService publishers = Executors.newFixedThreadPool(16);
    private final Report report = new Report();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<String, PubSubTestClient> clients = new HashMap<>();
    private int roundSeq;

    private PullDeliveryBenchmark(Path probeDir, PubSubEmulator emulator, Path logs) {
        this.probeDir = probeDir;
        this.emulator = emulator;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        Path probeDir = Files.isDirectory(Path.of("bench/pull-probe")) ? Path.of("bench/pull-probe")
                : Path.of("test-support/bench/pull-probe");
        PubSubEmulator emulator = PubSubEmulator.shared()
                .orElseThrow(() -> new IllegalStateException(PubSubEmulator.unavailableReason()));
        Path logs = Files.createTempDirectory("pull-bench-");
        PullDeliveryBenchmark bench = new PullDeliveryBenchmark(probeDir, emulator, logs);
        try {
            bench.run();
        } finally {
            bench.close();
        }
        Path out = Path.of(System.getProperty("out", probeDir.resolve("target/pull-delivery-bench.md").toString()));
        Files.writeString(out, bench.report.text());
        System.out.println(bench.report.text());
        System.out.println("written to " + out + "; probe logs in " + bench.logs);
        System.exit(0);
    }

    private void run() throws Exception {
        report.machine(emulator.how());
        Map<Variant, ProbeService> single = startups();
        if (PHASES.contains("throughput")) {
            throughput(single.get(Variant.google), single.get(Variant.smallrye));
        }
        if (PHASES.contains("redelivery")) {
            redelivery(single.get(Variant.google), single.get(Variant.smallrye));
        }
        if (PHASES.contains("outage")) {
            outage(single.get(Variant.google), single.get(Variant.smallrye));
        }
        report.rssAfterLoad(single.get(Variant.google).rssKiB(), single.get(Variant.smallrye).rssKiB());
        if (PHASES.contains("pairs")) {
            pairs();
        }
        report.load();
    }

    /** Starts each package STARTUPS times, interleaved; keeps the last Google and SmallRye instances running. */
    private Map<Variant, ProbeService> startups() {
        Map<Variant, String> projects = new EnumMap<>(Variant.class);
        Map<Variant, String> databases = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            projects.put(v, provision("bench-" + v));
            databases.put(v, TestPostgres.freshDatabase("pull bench " + v));
        }
        Map<Variant, ProbeService> kept = new EnumMap<>(Variant.class);
        for (int round = 1; round <= STARTUPS; round++) {
            for (Variant v : Variant.values()) {
                ProbeService probe = ProbeService.start(v, probeDir, projects.get(v), databases.get(v), emulator, logs,
                        round);
                report.startup(v, probe.startup, probe.rssAtReadyKiB);
                log("started %s in %.2f s, RSS %d MiB", v, probe.startup.toMillis() / 1e3, probe.rssAtReadyKiB / 1024);
                if (round == STARTUPS && v != Variant.quarkiverse) {
                    kept.put(v, probe);
                    open.add(probe);
                } else {
                    probe.close();
                }
            }
        }
        return kept;
    }

    private void throughput(ProbeService google, ProbeService smallrye) throws Exception {
        healthyRound(google, WARMUP);
        healthyRound(smallrye, WARMUP);
        for (int round = 1; round <= ROUNDS; round++) {
            ProbeService first = round % 2 == 1 ? google : smallrye;
            ProbeService second = first == google ? smallrye : google;
            double a = healthyRound(first, MESSAGES);
            double b = healthyRound(second, MESSAGES);
            report.throughput(first == google ? a : b, first == google ? b : a);
        }
    }

    private double healthyRound(ProbeService probe, int messages) throws Exception {
        DeliveryRound round = DeliveryRound.publish(client(probe.project), nextRoundId(), messages, 0, publishers);
        if (!round.await(List.of(probe), ROUND_WITHIN)) {
            throw new IllegalStateException(probe.variant + " did not process " + messages + " within " + ROUND_WITHIN
                    + ": " + probe.progress(round.id));
        }
        double perSecond = round.collect(List.of(probe)).throughput();
        log("%s: %d messages, %.0f/s", probe.variant, messages, perSecond);
        return perSecond;
    }

    private void redelivery(ProbeService google, ProbeService smallrye) throws Exception {
        for (int round = 1; round <= FAIL_ROUNDS; round++) {
            for (ProbeService probe : round % 2 == 1 ? List.of(google, smallrye) : List.of(smallrye, google)) {
                DeliveryRound r = DeliveryRound.publish(client(probe.project), nextRoundId(), FAIL_MESSAGES,
                        FAIL_EVERY, publishers);
                boolean complete = r.await(List.of(probe), REDELIVERY_WAIT);
                r.collect(List.of(probe));
                log("%s: %d of %d failed once, %d reprocessed within %s%s", probe.variant, r.failedFirst(), r.failing,
                        r.redeliverySeconds().size(), REDELIVERY_WAIT, complete ? "" : " (incomplete)");
                report.redelivery(probe.variant, r);
            }
        }
    }

    private void outage(ProbeService google, ProbeService smallrye) throws Exception {
        for (ProbeService probe : List.of(google, smallrye)) {
            DeliveryRound failing = DeliveryRound.publish(client(probe.project), nextRoundId(), OUTAGE_MESSAGES, 1,
                    publishers);
            DeliveryRound after = DeliveryRound.publish(client(probe.project), nextRoundId(), AFTER_OUTAGE, 0,
                    publishers);
            after.await(List.of(probe), OUTAGE_WAIT);
            failing.await(List.of(probe), Duration.ofSeconds(1));
            failing.collect(List.of(probe));
            after.collect(List.of(probe));
            log("%s: outage of %d, %d reprocessed; %d of %d healthy processed within %s", probe.variant,
                    OUTAGE_MESSAGES, failing.processed(), after.processed(), AFTER_OUTAGE, OUTAGE_WAIT);
            report.outage(probe.variant, failing, after);
        }
    }

    /** Two instances of a package on one subscription (one project, one database: N instances of one service). */
    private void pairs() throws Exception {
        for (Variant v : List.of(Variant.google, Variant.smallrye)) {
            String project = provision("bench-pair-" + v);
            String database = TestPostgres.freshDatabase("pull bench pair " + v);
            List<ProbeService> pair = List.of(
                    ProbeService.start(v, probeDir, project, database, emulator, logs, 1),
                    ProbeService.start(v, probeDir, project, database, emulator, logs, 2));
            open.addAll(pair);
            String id = nextRoundId();
            long duplicatesBefore = pair.stream().mapToLong(p -> p.progress(id).outcome("duplicate")).sum();
            DeliveryRound r = DeliveryRound.publish(client(project), id, PAIR_MESSAGES, 0, publishers);
            boolean complete = r.await(pair, ROUND_WITHIN);
            r.collect(pair);
            long duplicates = pair.stream().mapToLong(p -> p.progress(id).outcome("duplicate")).sum()
                    - duplicatesBefore;
            log("%s pair: %d + %d processed, %d twice, %d redelivered duplicates%s", v, r.processedBy(0),
                    r.processedBy(1), r.processedTwice(), duplicates, complete ? "" : " (incomplete)");
            report.pair(v, r, duplicates);
            for (ProbeService p : pair) {
                p.close();
            }
        }
    }

    /** A project with every catalog topic and the probe service's catalog subscriptions, as pull subscriptions. */
    private String provision(String project) {
        PubSubTestClient client = client(project);
        for (TopicCatalog.Topic topic : catalog.topics()) {
            client.admin().createTopic(topic.name());
        }
        client.createPullSubscriptionsOf(catalog, SERVICE);
        return project;
    }

    private PubSubTestClient client(String project) {
        return clients.computeIfAbsent(project, p -> {
            PubSubTestClient c = new PubSubTestClient(emulator.hostPort(), p);
            open.add(c);
            return c;
        });
    }

    private String nextRoundId() {
        return "r" + (++roundSeq) + ".";
    }

    private static void log(String format, Object... args) {
        System.out.printf("[pull-bench] " + format + "%n", args);
    }

    private void close() {
        publishers.shutdownNow();
        for (int i = open.size() - 1; i >= 0; i--) {
            AutoCloseable c = open.get(i);
            try {
                c.close();
            } catch (Exception e) {
                log("closing %s: %s", c, e);
            }
        }
    }
}
