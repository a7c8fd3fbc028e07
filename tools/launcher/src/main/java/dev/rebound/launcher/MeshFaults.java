package dev.rebound.launcher;

import dev.rebound.emulator.PubSubEmulatorFinder;
import dev.rebound.emulator.PubSubEmulatorProcess;
import dev.rebound.scenario.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Plays a scenario's {@code faults}: faults of what the services run on, whatever the number of instances. An emulator
 * restart kills the Pub/Sub emulator (-9), starts a fresh one on the same port and provisions the topology again from
 * the topic catalog — the emulator keeps nothing across restarts, so that is what Terraform would find to create.
 * Publishers meanwhile get errors and retry (the services' outbox relays, the simulator's processor client). After
 * the replay, {@link #audit} says what the outage cost: events the outboxes handed to Pub/Sub that the archive never
 * received, and events still waiting in an outbox.
 */
final class MeshFaults {
    private final List<Scenario.Fault> pending;
    private final Mesh mesh;
    private final String emulator;
    private final boolean pull;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private final List<EmulatorRestart> emulatorRestarts = new ArrayList<>();

    /** How an emulator restart went: real milliseconds from the kill until it served again, and until provisioned. */
    record EmulatorRestart(Instant killedAt, long servingAfterMillis, long provisionedAfterMillis) {
        Instant provisionedAt() {
            return killedAt.plusMillis(provisionedAfterMillis);
        }
    }

    MeshFaults(Scenario scenario, Mesh mesh, String emulator, boolean pull, PrintStream out) {
        this.pending = new ArrayList<>(scenario.faults());
        this.pending.sort(Comparator.comparing(Scenario.Fault::at));
        this.mesh = mesh;
        this.emulator = emulator;
        this.pull = pull;
        this.out = out;
    }

    void performDue(Instant now) {
        while (!pending.isEmpty() && !pending.get(0).at().isAfter(now)) {
            Scenario.Fault fault = pending.remove(0);
            switch (fault.kind()) {
                case emulator_restart -> {
                    try {
                        EmulatorRestart r = restartEmulator(mesh, emulator, pull);
                        emulatorRestarts.add(r);
                        say(String.format("%s  ⚡ Pub/Sub emulator killed (-9); serving again on %s after %.1f s,"
                                + " topics and subscriptions provisioned from the catalog after %.1f s",
                                Timeline.simTime(fault.at()), emulator, r.servingAfterMillis() / 1000.0,
                                r.provisionedAfterMillis() / 1000.0));
                    } catch (RuntimeException e) {
                        problems.add("the emulator restart at " + Timeline.simTime(fault.at()) + " failed: "
                                + e.getMessage());
                        say(Timeline.simTime(fault.at()) + "  ! the emulator restart failed: " + e.getMessage());
                    }
                }
            }
        }
    }

    /** Faults that failed, and faults the replay ended before. */
    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        pending.forEach(f -> all.add("the replay ended before the fault " + f.kind() + " at "
                + Timeline.simTime(f.at())));
        return all;
    }

    /**
     * Kills the emulator this launcher started, starts a fresh one on its port and provisions it again. Fails when the
     * emulator was not started by this launcher (PUBSUB_EMULATOR_HOST names one it does not own).
     */
    static EmulatorRestart restartEmulator(Mesh mesh, String emulatorHost, boolean pull) {
        ManagedProcesses.Entry running = mesh.processes().entries().stream()
                .filter(e -> e.name().equals(Mesh.EMULATOR) && e.handle().isPresent()).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("the emulator at " + emulatorHost
                        + " was not started by this launcher, so it cannot be restarted"));
        Path jar = PubSubEmulatorFinder.onThisMachine().jar()
                .orElseThrow(() -> new IllegalStateException(PubSubEmulatorFinder.INSTALL_HINT));
        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        ProcessHandle old = running.handle().orElseThrow();
        old.destroyForcibly();
        try {
            old.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception notGone) {
            throw new IllegalStateException("the emulator (pid " + running.pid() + ") did not exit after kill -9");
        }
        Process fresh = mesh.startProcess(Mesh.EMULATOR, PubSubEmulatorProcess.command(jar, running.port()), Map.of());
        mesh.processes().record(Mesh.EMULATOR, fresh, running.port(), jar.getFileName().toString());
        PubSubEmulatorProcess.awaitReady(emulatorHost, Duration.ofSeconds(60), fresh);
        long serving = (System.nanoTime() - killed) / 1_000_000;
        mesh.provision(emulatorHost, pull);
        return new EmulatorRestart(killedAt, serving, (System.nanoTime() - killed) / 1_000_000);
    }

    /** How long the audit waits for an event still in flight when the replay ends: relayed, or archived. */
    static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(30);

    /** One outbox row as the audit sees it. */
    private record OutboxRow(String schema, String type, String id, Instant sentAt, boolean archived) {
        String what() {
            return schema + " " + type + " " + id;
        }
    }

    /**
     * After the replay (the archive drained), when the emulator was restarted, every service's outbox row against the
     * archive. A row marked sent before a kill, or between a kill and the end of provisioning, whose event the archive
     * never received is the emulator's loss — accepted and not yet delivered when it died, or published to a topic
     * whose subscriptions were not yet created again; real Pub/Sub keeps its topology and messages — and is reported.
     * A row sent once provisioning was over and never archived, or still unsent, is a problem of the run. The mesh
     * still runs while this looks (periodic reports go on), so a row of either kind is looked at again for up to
     * {@link #IN_FLIGHT_GRACE}: one written or relayed just before the end is in flight, not lost. Rows written after
     * the first look are not judged.
     */
    List<String> audit(Connection db) throws SQLException {
        if (emulatorRestarts.isEmpty()) {
            return List.of();
        }
        List<String> schemas = new ArrayList<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_schema FROM information_schema.tables"
                        + " WHERE table_name = 'outbox' ORDER BY table_schema")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        List<OutboxRow> rows = outboxRows(db, schemas);
        Set<String> judged = new HashSet<>();
        rows.forEach(r -> judged.add(r.schema() + "/" + r.id()));
        Instant deadline = Instant.now().plus(IN_FLIGHT_GRACE);
        while (rows.stream().anyMatch(this::inFlight) && Instant.now().isBefore(deadline)) {
            Mesh.pause(Duration.ofMillis(500));
            rows = outboxRows(db, schemas).stream().filter(r -> judged.contains(r.schema() + "/" + r.id())).toList();
        }
        long sent = 0;
        List<String> emulatorLoss = new ArrayList<>();
        List<String> lostAfterwards = new ArrayList<>();
        List<String> unsent = new ArrayList<>();
        for (OutboxRow row : rows) {
            if (row.sentAt() == null) {
                unsent.add(row.what());
                continue;
            }
            sent++;
            if (row.archived()) {
                continue;
            }
            EmulatorRestart nearest = nearest(row.sentAt());
            String when = row.what() + " (sent " + Duration.between(nearest.killedAt(), row.sentAt()).toMillis()
                    + " ms after the kill)";
            if (row.sentAt().isAfter(nearest.provisionedAt())) {
                lostAfterwards.add(when);
            } else {
                emulatorLoss.add(when);
            }
        }
        say(String.format("  emulator restart: %d events relayed from the services' outboxes; %d lost by the emulator"
                + " (sent before it was provisioned again, never archived)%s; %d lost after; %d still unsent", sent,
                emulatorLoss.size(), emulatorLoss.isEmpty() ? "" : " " + first(emulatorLoss), lostAfterwards.size(),
                unsent.size()));
        List<String> found = new ArrayList<>();
        if (!lostAfterwards.isEmpty()) {
            found.add(lostAfterwards.size() + " event(s) sent after the emulator was provisioned again never reached"
                    + " the archive within " + IN_FLIGHT_GRACE.toSeconds() + " s: " + first(lostAfterwards));
        }
        if (!unsent.isEmpty()) {
            found.add(unsent.size() + " event(s) still unsent in an outbox " + IN_FLIGHT_GRACE.toSeconds()
                    + " s after the end: " + first(unsent));
        }
        return found;
    }

    /** Not settled yet: unsent, or sent after provisioning and not archived. */
    private boolean inFlight(OutboxRow row) {
        return row.sentAt() == null
                || !row.archived() && row.sentAt().isAfter(nearest(row.sentAt()).provisionedAt());
    }

    private EmulatorRestart nearest(Instant sentAt) {
        return emulatorRestarts.stream()
                .min(Comparator.comparing(r -> Duration.between(r.killedAt(), sentAt).abs())).orElseThrow();
    }

    private static List<OutboxRow> outboxRows(Connection db, List<String> schemas) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        for (String schema : schemas) {
            try (Statement st = db.createStatement();
                    ResultSet rs = st.executeQuery("SELECT o.event_id, o.ce_type, o.sent_at,"
                            + " EXISTS (SELECT 1 FROM rebound_events.events e"
                            + " WHERE e.attributes::jsonb ->> 'ce-id' = o.event_id) AS archived"
                            + " FROM \"" + schema + "\".outbox o")) {
                while (rs.next()) {
                    java.sql.Timestamp at = rs.getTimestamp("sent_at");
                    rows.add(new OutboxRow(schema, rs.getString("ce_type"), rs.getString("event_id"),
                            at == null ? null : at.toInstant(), rs.getBoolean("archived")));
                }
            }
        }
        return rows;
    }

    private static List<String> first(List<String> all) {
        return all.subList(0, Math.min(5, all.size()));
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
        }
    }
}
