package dev.rebound.testing.bench;

import dev.rebound.events.Event;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.testing.PubSubTestClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One batch of heartbeats published to a project, followed until the probes pulling it have processed them (or a
 * deadline passes), then read back: when each failed and when it was processed.
 */
final class DeliveryRound {
    /** The probe's FailFirstDeliveryHandler.FAILS_ONCE: a run id containing it fails on its first delivery. */
    static final String FAILS_ONCE = "-fails-once-";
    private static final LocalDate DATE = LocalDate.of(2026, 1, 22);

    final String id;
    final int messages;
    final int failing;
    private final long publishStartMicros;
    private final List<ProbeService.Delivery> deliveries = new ArrayList<>();
    private final List<ProbeService.Progress> progress = new ArrayList<>();

    private DeliveryRound(String id, int messages, int failing, long publishStartMicros) {
        this.id = id;
        this.messages = messages;
        this.failing = failing;
        this.publishStartMicros = publishStartMicros;
    }

    /** Publishes {@code messages} heartbeats; every {@code failEvery}-th (0: none) fails on its first delivery. */
    static DeliveryRound publish(PubSubTestClient client, String id, int messages, int failEvery,
            ExecutorService publishers) throws Exception {
        long start = nowMicros();
        List<Future<String>> sent = new ArrayList<>();
        int failing = 0;
        for (int i = 0; i < messages; i++) {
            boolean fails = failEvery > 0 && i % failEvery == 0;
            failing += fails ? 1 : 0;
            String runId = id + "run" + (fails ? FAILS_ONCE : "-ok-") + i;
            Instant now = Instant.now();
            Event<ProcessorHeartbeat> beat = Event.of("//processors/pull-bench", now,
                    new ProcessorHeartbeat("PullBenchProcessor", runId, DATE, now, null), null);
            sent.add(publishers.submit(() -> client.publish(beat)));
        }
        for (Future<String> f : sent) {
            f.get(2, TimeUnit.MINUTES);
        }
        return new DeliveryRound(id, messages, failing, start);
    }

    /** Waits until the probes processed every message of the round; false when {@code within} passed first. */
    boolean await(List<ProbeService> probes, Duration within) {
        try {
            Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> probes.stream().mapToLong(p -> p.progress(id).processed()).sum() >= messages);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Reads what the probes' handlers saw of this round. */
    DeliveryRound collect(List<ProbeService> probes) {
        for (ProbeService p : probes) {
            deliveries.addAll(p.deliveries(id));
            progress.add(p.progress(id));
        }
        return this;
    }

    long processed() {
        return deliveries.stream().filter(d -> d.processedAtMicros() != 0).count();
    }

    long processedBy(int probe) {
        return progress.get(probe).processed();
    }

    /** Distinct events processed more than once (across all probes). */
    long processedTwice() {
        return deliveries.stream().filter(d -> d.processedAtMicros() != 0)
                .collect(Collectors.groupingBy(ProbeService.Delivery::ceId, Collectors.counting()))
                .values().stream().filter(n -> n > 1).count();
    }

    /** Messages per second from the first publish to the last processing. */
    double throughput() {
        long last = deliveries.stream().mapToLong(ProbeService.Delivery::processedAtMicros).max().orElseThrow();
        return messages / ((last - publishStartMicros) / 1e6);
    }

    /** Seconds from each first-delivery failure to its successful reprocessing (reprocessed ones only). */
    List<Double> redeliverySeconds() {
        return deliveries.stream().filter(d -> d.failedAtMicros() != 0 && d.processedAtMicros() != 0)
                .map(d -> (d.processedAtMicros() - d.failedAtMicros()) / 1e6).toList();
    }

    long failedFirst() {
        return deliveries.stream().filter(d -> d.failedAtMicros() != 0).count();
    }

    /** Seconds from the first publish to the last processing. */
    double lastProcessedSeconds() {
        long last = deliveries.stream().mapToLong(ProbeService.Delivery::processedAtMicros).max().orElse(0);
        return last == 0 ? Double.NaN : (last - publishStartMicros) / 1e6;
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
