package dev.rebound.pipelinesimulator;

import dev.rebound.client.ReboundClient;
import dev.rebound.client.RunReporter;
import dev.rebound.client.Trigger;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.pipelinesimulator.config.ScenarioProducer.LoadedScenario;
import dev.rebound.scenario.Scenario;
import dev.rebound.pipelinesimulator.store.PipelineTables;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The simulated processors: every run answers like a real one — started, a heartbeat every interval of sim time,
 * rows written to the pipeline tables, then completed or failed — or is slow, stalls, fails, or crash-loops as the
 * scenario's behaviour for that attempt says. What a run writes depends on what its upstream wrote (soft
 * dependencies as the real processors honour them), so a re-run after a fix really fixes. Each run is reported through the processor
 * client ({@link RunReporter}) exactly as a real JVM processor's would be, on the scenario clock ({@link SimScheduler})
 * and through this service's publisher; a scenario's duplicates publish each event of the attempt that many times.
 */
@ApplicationScoped
public class ProcessorRuns {
    private static final Logger LOG = Logger.getLogger(ProcessorRuns.class);
    private static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(2);
    private static final Duration DEFAULT_FAIL_AFTER = Duration.ofMinutes(1);
    private static final Duration HISTORY_FLUSH = Duration.ofSeconds(30);

    private final Optional<Scenario> scenario;
    private final Topology topology;
    private final EventPublisher publisher;
    private final PipelineTables tables;
    private final SimScheduler scheduler;
    /**
     * One client per processor, as each processor of a real fleet has its own: a client publishes one event at a time,
     * so with one shared client a storm of one processor's completions, or a slow publish, held back every other
     * processor's heartbeats (a run alive throughout then looked silent).
     */
    private final Map<String, ReboundClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final List<RunRecord> runs = new CopyOnWriteArrayList<>();
    private final Map<String, RunRecord> byRunId = new ConcurrentHashMap<>();
    private final Map<String, Event<?>> lastCompletion = new ConcurrentHashMap<>();
    private final Map<String, List<String>> landedObjects = new ConcurrentHashMap<>();

    public ProcessorRuns(LoadedScenario loaded, Topology topology, EventPublisher publisher, PipelineTables tables,
            SimScheduler scheduler) {
        this.scenario = loaded.scenario();
        this.topology = topology;
        this.publisher = publisher;
        this.tables = tables;
        this.scheduler = scheduler;
    }

    private ReboundClient client(String processor) {
        return clients.computeIfAbsent(processor,
                p -> ReboundClient.builder().clock(scheduler).sink(this::publishCopies).build());
    }

    /** What the simulator's status endpoint shows of one run. */
    public static final class RunRecord {
        public final String runId;
        public final String processor;
        public final LocalDate dataDate;
        public final int attempt;
        public final String trigger;
        public final Instant startedAt;
        public volatile String state = "running";
        public volatile long recordsWritten;
        public volatile String detail;
        /** How many times each event of the run is published (a scenario's duplicates). */
        final int copies;
        volatile RunReporter reporter;
        volatile Event<?> completion;

        RunRecord(String runId, String processor, LocalDate dataDate, int attempt, String trigger, Instant startedAt,
                int copies) {
            this.runId = runId;
            this.processor = processor;
            this.dataDate = dataDate;
            this.attempt = attempt;
            this.trigger = trigger;
            this.startedAt = startedAt;
            this.copies = copies;
        }
    }

    public List<RunRecord> runs() {
        return List.copyOf(runs);
    }

    public boolean simulates(String processor) {
        return scenario.map(s -> s.processors().containsKey(processor)).orElse(false);
    }

    /** Records objects a scraper landed, so a triggered roster run without a file list can find them. */
    public void landed(String scraper, LocalDate date, List<String> objects) {
        landedObjects.computeIfAbsent(scraper + "|" + date, k -> new CopyOnWriteArrayList<>()).addAll(objects);
    }

    /** Starts the run a trigger asks for, in the trigger's trace, carrying its backfill id and correlation id. */
    public RunRecord start(Trigger trigger) {
        return start(trigger.processor(), trigger.dataDate(), trigger.kind(), null, run -> run.trigger(trigger));
    }

    /**
     * Starts a run the pipeline starts on its own: from its schedule, or fed by a scraper's {@code objects} (the files
     * a roster loader run processes; null: whatever landed for the date), continuing {@code traceparent} if given.
     */
    public RunRecord startScheduled(String processor, LocalDate date, String traceparent, String correlationId,
            List<String> objects) {
        return start(processor, date, RunTrigger.SCHEDULED, objects,
                run -> run.traceparent(traceparent).correlationId(correlationId));
    }

    /** Publishes started (so the caller's work is durable once this returns) and schedules the rest in sim time. */
    private RunRecord start(String processor, LocalDate date, RunTrigger trigger, List<String> objects,
            UnaryOperator<RunReporter.Builder> origin) {
        Scenario s = scenario.orElseThrow(() -> new IllegalStateException("no scenario loaded"));
        Scenario.ProcessorModel model = s.processor(processor)
                .orElseThrow(() -> new IllegalArgumentException("the scenario does not simulate " + processor));
        int n = attempts.merge(processor + "|" + date, 1, Integer::sum);
        Optional<Scenario.Attempt> attempt = s.attempt(processor, date, n);
        String runId = processor + "-" + date + "-a" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant started = scheduler.now();
        RunRecord record = new RunRecord(runId, processor, date, n, trigger.name().toLowerCase(), started,
                attempt.map(Scenario.Attempt::copies).orElse(1));
        runs.add(record);
        byRunId.put(runId, record);

        Scenario.Outcome outcome = attempt.map(Scenario.Attempt::outcome).orElse(Scenario.Outcome.succeed);
        Duration after = attempt.map(Scenario.Attempt::after).orElse(null);
        Instant endAt = switch (outcome) {
            case succeed, slow -> started.plus(after != null ? after : model.duration());
            case stall -> started.plus(after != null ? after : DEFAULT_STALL_AFTER);
            case fail, crash_loop -> started.plus(after != null ? after : DEFAULT_FAIL_AFTER);
        };
        RunReporter.Builder run = origin.apply(RunReporter.builder(client(processor), processor, date)).runId(runId)
                .source(publisher.source() + "/" + processor)
                .heartbeatInterval(Duration.ofSeconds(s.heartbeatInterval()));
        // the simulated work reports no progress (but a slow run's, SlowProgress): a stalling run's heartbeats stop
        // when its stall window closes, exactly as a hung block's do; every other run beats until it ends
        Duration stallWindow = Duration.between(started, endAt);
        RunReporter reporter = (outcome == Scenario.Outcome.stall
                ? run.stallAfter(stallWindow.isNegative() ? Duration.ZERO : stallWindow)
                : run.noStallDetection()).start();
        record.reporter = reporter;
        if (outcome == Scenario.Outcome.slow) {
            SlowProgress.pace(scheduler, record, started, endAt, Duration.ofSeconds(s.heartbeatInterval()));
        }
        LOG.infof("%s(%s) attempt %d started (%s) as %s: %s", processor, date, n, trigger, runId,
                attempt.map(a -> a.outcome().name()).orElse("succeed"));

        switch (outcome) {
            case succeed, slow -> {
                // a processor reads its inputs when it starts and writes when it finishes: a fix that lands while
                // it runs does not reach this run's output
                Inputs inputs = readInputs(s, model, record, objects);
                scheduler.at(endAt, runId + " completes", () -> complete(model, record, inputs));
            }
            case stall -> scheduler.at(endAt, runId + " stalls", () -> {
                record.state = "stalled";
                record.detail = "heartbeats stopped";
                LOG.infof("%s stalls: heartbeats stop, the run never ends", runId);
            });
            case fail -> scheduler.at(endAt, runId + " fails", () -> fail(record,
                    reason(attempt.get().reason()), attempt.get().message(), attempt.get().retryable()));
            case crash_loop -> scheduler.at(endAt, runId + " crashes", () -> fail(record,
                    ProcessorFailed.Reason.ERROR, attempt.get().message() != null ? attempt.get().message()
                            : "process crashed on start-up (crash loop)", true));
        }
        return record;
    }

    /** What a run read when it started: rows to write, roster files to load, or why it cannot proceed. */
    private record Inputs(List<PipelineTables.PlayerRow> rows, List<RosterFile> rosterFiles, String missing) {
    }

    private record RosterFile(String team, LocalDate date, String path) {
    }

    private Inputs readInputs(Scenario s, Scenario.ProcessorModel model, RunRecord record, List<String> objects) {
        if (model.rosterLoader()) {
            List<RosterFile> files = rosterFiles(record, objects);
            return files.isEmpty() ? new Inputs(List.of(), List.of(), "no roster files landed for " + record.dataDate)
                    : new Inputs(List.of(), files, null);
        }
        if (model.requires() != null) {
            for (Scenario.Requirement r : model.requires()) {
                LocalDate upstreamDate = record.dataDate.plusDays(r.offset());
                long rows = tables.countRows(r.table(), r.dateColumn(), upstreamDate);
                if (rows < r.min()) {
                    return new Inputs(List.of(), List.of(), r.table() + " has " + rows + " rows for " + upstreamDate
                            + " (needs " + r.min() + ")");
                }
            }
        }
        Scenario.Output out = model.writes();
        return new Inputs("table".equals(out.rows()) ? tables.upstreamRows(out.from(), record.dataDate)
                : tables.rosterPlayers(record.dataDate, out.maxRosterAgeDays()), List.of(), null);
    }

    private void complete(Scenario.ProcessorModel model, RunRecord record, Inputs inputs) {
        Instant now = scheduler.now();
        if (inputs.missing() != null) {
            fail(record, ProcessorFailed.Reason.UPSTREAM_MISSING, inputs.missing(), true);
            return;
        }
        long written = 0;
        if (model.rosterLoader()) {
            Scenario s = scenario.orElseThrow();
            for (RosterFile f : inputs.rosterFiles()) {
                written += tables.loadRoster(f.team(), f.date(), s.playersOf(f.team()), f.path(), now);
            }
        } else {
            written = tables.replacePartition(model.writes(), record.dataDate, inputs.rows(), now, record.runId);
        }
        record.recordsWritten = written;
        record.state = "completed";
        record.detail = written + " records";
        record.reporter.complete(written);
        LOG.infof("%s completed: %d records", record.runId, written);
    }

    /** The roster processor: one file per team; the team and date come from the scraper's object pattern. */
    private List<RosterFile> rosterFiles(RunRecord record, List<String> objects) {
        PipelineConfig.Processor processor = topology.processor(record.processor).orElseThrow();
        PipelineConfig.Scraper scraper = topology.config().scrapers().stream()
                .filter(sc -> sc.name().equals(processor.triggeredByScraper())).findFirst()
                .orElseThrow(() -> new IllegalStateException(record.processor + " is not triggered by a scraper"));
        List<String> files = objects != null && !objects.isEmpty() ? objects
                : landedObjects.getOrDefault(scraper.name() + "|" + record.dataDate, List.of());
        Pattern pattern = Pattern.compile(scraper.objectPattern());
        List<RosterFile> out = new ArrayList<>();
        for (String file : files) {
            String object = file.replaceFirst("^gs://[^/]+/", "");
            Matcher m = pattern.matcher(object);
            if (!m.matches()) {
                LOG.warnf("%s: %s does not match %s; skipped", record.runId, file, scraper.objectPattern());
                continue;
            }
            out.add(new RosterFile(m.group("key"), LocalDate.parse(m.group("date")), file));
        }
        return out;
    }

    /**
     * A run that completed before the scenario started: its output is written as of its completion time (from the
     * tables as they are at start-up) and only its completion is announced, with its own past time.
     */
    public void history(Scenario.HistoryRun h) {
        String runId = h.processor() + "-" + h.dataDate() + "-history";
        String source = publisher.source() + "/" + h.processor();
        long written = h.recordsWritten() == null ? 0 : h.recordsWritten();
        Optional<Scenario.ProcessorModel> model = scenario.orElseThrow().processor(h.processor());
        if (model.isPresent() && !model.get().rosterLoader() && model.get().writes() != null) {
            Scenario.Output out = model.get().writes();
            List<PipelineTables.PlayerRow> rows = "table".equals(out.rows()) ? tables.upstreamRows(out.from(), h.dataDate())
                    : tables.rosterPlayers(h.dataDate(), out.maxRosterAgeDays());
            written = tables.replacePartition(out, h.dataDate(), rows, h.completedAt(), runId);
        }
        // completion only: a started event days old would look like a silent run to the heartbeat tracker; announced
        // before start-up completes, so that it precedes any check
        ReboundClient rebound = client(h.processor());
        rebound.publish(Event.of(UUID.randomUUID().toString(), source, h.completedAt(), new ProcessorCompleted(
                h.processor(), runId, h.dataDate(), h.completedAt(), written), null, Map.of()));
        rebound.flush(HISTORY_FLUSH);
    }

    private void fail(RunRecord record, ProcessorFailed.Reason reason, String message, Boolean retryable) {
        record.state = "failed";
        record.detail = reason.name().toLowerCase() + ": " + message;
        record.reporter.fail(reason, message == null ? reason.name().toLowerCase() : message,
                retryable == null || retryable);
        LOG.infof("%s failed: %s", record.runId, record.detail);
    }

    /** Publishes the completion of (processor, date) again: same ce-id {@code sameId} times, fresh ids {@code freshIds}. */
    public int storm(String processor, LocalDate date, int sameId, int freshIds) {
        Event<?> original = lastCompletion.get(processor + "|" + date);
        if (original == null) {
            LOG.warnf("Storm for %s(%s) skipped: it has not completed", processor, date);
            return 0;
        }
        ReboundClient rebound = client(processor);
        for (int i = 0; i < sameId; i++) {
            rebound.publish(original);
        }
        for (int i = 0; i < freshIds; i++) {
            rebound.publish(Event.of(UUID.randomUUID().toString(), original.attributes().source(),
                    original.attributes().time(), original.data(), original.attributes().correlationId(), Map.of()));
        }
        LOG.infof("Storm: %s(%s) completion re-published %d× with its ce-id and %d× with fresh ids", processor, date,
                sameId, freshIds);
        return sameId + freshIds;
    }

    /**
     * The client's sink: this service's publisher, each event of a run as many times as its attempt's duplicates say
     * (same ce-id). A run's own completion is kept for a later storm to re-publish.
     */
    private void publishCopies(Event<?> event) {
        RunRecord record = byRunId.get(runIdOf(event.data()));
        int copies = record == null ? 1 : record.copies;
        for (int i = 0; i < copies; i++) {
            publisher.publish(event);
        }
        if (record != null && event.data() instanceof ProcessorCompleted && record.completion == null) {
            record.completion = event;
            lastCompletion.put(record.processor + "|" + record.dataDate, event);
        }
    }

    private static String runIdOf(EventPayload payload) {
        if (payload instanceof ProcessorStarted p) {
            return p.runId();
        } else if (payload instanceof ProcessorHeartbeat p) {
            return p.runId();
        } else if (payload instanceof ProcessorCompleted p) {
            return p.runId();
        } else if (payload instanceof ProcessorFailed p) {
            return p.runId();
        }
        return "";
    }

    /** Closes every client at once: each waits up to its flush timeout for what it still holds. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        List<Thread> closing = clients.values().stream().map(c -> new Thread(c::close, "close-rebound-client"))
                .toList();
        closing.forEach(Thread::start);
        for (Thread t : closing) {
            t.join();
        }
    }

    static ProcessorFailed.Reason reason(String text) {
        return switch (text) {
            case "stuck" -> ProcessorFailed.Reason.STUCK;
            case "upstream_missing" -> ProcessorFailed.Reason.UPSTREAM_MISSING;
            case "timeout" -> ProcessorFailed.Reason.TIMEOUT;
            default -> ProcessorFailed.Reason.ERROR;
        };
    }

    /** Every run so far, for tests. */
    public List<RunRecord> runsOf(String processor, LocalDate date) {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : runs) {
            if (r.processor.equals(processor) && r.dataDate.equals(date)) {
                out.add(r);
            }
        }
        return out;
    }
}
