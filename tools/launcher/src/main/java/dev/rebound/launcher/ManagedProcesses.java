package dev.rebound.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processes this launcher started, recorded in .rebound/pids (name, pid, port, marker) so that {@code down}
 * stops exactly those: a pid is only stopped while its command line still contains the recorded marker, so a
 * recycled pid of someone else's process is never touched.
 */
public final class ManagedProcesses {
    private final Path file;

    public ManagedProcesses(Path file) {
        this.file = file;
    }

    public record Entry(String name, long pid, int port, String marker) {
        String line() {
            return name + "\t" + pid + "\t" + port + "\t" + marker;
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", 4);
            return new Entry(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), f.length > 3 ? f[3] : "");
        }

        /** The live process, only if it is still the one we started. */
        public Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> marker.isEmpty() || h.info().commandLine().map(c -> c.contains(marker)).orElse(true));
        }
    }

    public synchronized void record(String name, Process process, int port, String marker) {
        record(name, process.pid(), port, marker);
    }

    /** Records a process this launcher caused to start but does not own as a child (a daemonized server). */
    public synchronized void record(String name, long pid, int port, String marker) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, new Entry(name, pid, port, marker).line() + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(Entry.parse(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every recorded process (newest first), waits for each, and forgets them. Returns what was stopped. */
    /**
     * How long a stopped process may take to exit before kill -9: a service's own shutdown takes under a second, but a
     * JVM recording its class-data archive writes it on exit, a few seconds more when several do so at once.
     */
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** What the other processes use: stopped after them. */
    static final java.util.Set<String> INFRASTRUCTURE = java.util.Set.of(Mesh.EMULATOR, "postgres");

    /**
     * Stops every process, newest first, in two waves: the services and everything else that uses the emulator and
     * the database, then those two ({@link #INFRASTRUCTURE}), as in production, where Pub/Sub and the database outlive
     * a service's shutdown (a service stopping against a dead emulator waits out its publishes in flight).
     */
    public synchronized List<String> stopAll(Duration grace) {
        List<Entry> entries = new ArrayList<>(entries());
        java.util.Collections.reverse(entries);
        List<String> stopped = new ArrayList<>();
        stopWave(entries.stream().filter(e -> !INFRASTRUCTURE.contains(e.name())).toList(), grace, stopped);
        stopWave(entries.stream().filter(e -> INFRASTRUCTURE.contains(e.name())).toList(), grace, stopped);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }

    private static void stopWave(List<Entry> wave, Duration grace, List<String> stopped) {
        for (Entry e : wave) {
            e.handle().ifPresent(h -> {
                h.destroy();
                stopped.add(e.name() + " (pid " + e.pid() + ")");
            });
        }
        for (Entry e : wave) {
            e.handle().ifPresent(h -> {
                try {
                    h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception timeout) {
                    h.destroyForcibly();
                }
            });
        }
    }
}
