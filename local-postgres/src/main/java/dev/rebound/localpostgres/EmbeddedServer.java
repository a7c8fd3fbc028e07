package dev.rebound.localpostgres;

import dev.rebound.localjvm.LocalPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
 * A real PostgreSQL server this process starts from the binaries Maven Central ships (io.zonky.test), on a data
 * directory of its own. It starts as root too (the library runs the server in a user namespace there, since
 * PostgreSQL refuses to run as root) and as a normal user. Settings favour a laptop: no fsync (a killed server
 * process still loses no committed transaction; only an operating-system crash could), but synchronous commits,
 * so what a service acknowledged is in the WAL before the acknowledgement.
 */
public final class EmbeddedServer implements PostgresServer {
    private static final String USER = "postgres";
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final Path dataDirectory;
    private final boolean temporary;
    private final boolean outlivesThisProcess;
    private final Path log;
    private final int port;
    private EmbeddedPostgres server;

    private EmbeddedServer(Path dataDirectory, boolean temporary, int port, Path log, boolean outlivesThisProcess) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.port = port;
        this.log = log;
        this.outlivesThisProcess = outlivesThisProcess;
    }

    /**
     * A server for the life of this process (tests): a fresh data directory under the temp dir, a free port,
     * stopped and deleted on {@link #close()} or at exit.
     */
    public static EmbeddedServer startTemporary() {
        try {
            Path dir = Files.createTempDirectory("rebound-pg-");
            EmbeddedServer s = new EmbeddedServer(dir, true, LocalPorts.free(), null, false);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server on a data directory that persists (the local mesh's {@code .rebound/postgres}), on a fixed port, that
     * keeps running after this process exits until someone stops it ({@link #stop(long)} by its pid). Its output goes
     * to {@code log}. Port 0: a free one.
     */
    public static EmbeddedServer startPersistent(Path dataDirectory, int port, Path log) {
        EmbeddedServer s = new EmbeddedServer(dataDirectory, false, port == 0 ? LocalPorts.free() : port, log, true);
        s.start();
        return s;
    }

    private void start() {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(!outlivesThisProcess)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (log != null) {
                Files.createDirectories(log.getParent());
                builder.setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            server = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start on " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** The postmaster's pid, from its own pid file (the library's launcher process exits once it has started). */
    @Override
    public Optional<Long> pid() {
        return server == null ? Optional.empty() : postmasterPid(dataDirectory);
    }

    /** The pid a running server on {@code dataDirectory} wrote to its {@code postmaster.pid}. */
    public static Optional<Long> postmasterPid(Path dataDirectory) {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(pidFile).stream().findFirst().map(String::strip).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * kill -9 of the server and all its processes at once: what a crash or an OOM kill of its container does
     * (fault tests). Nothing is shut down cleanly; a restart recovers from the WAL.
     */
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        pid().flatMap(ProcessHandle::of).ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(0, postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                try {
                    p.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("PostgreSQL process " + p.pid() + " survived kill -9", e);
                }
            }
        });
        releaseQuietly();
    }

    /** Starts the server again on the same data directory and port (after {@link #kill()}). */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("the server is still running");
        }
        start();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
            if (temporary) {
                deleteTree(dataDirectory);
            }
        }
    }

    /** Stops a server an earlier process started with {@link #startPersistent} (fast shutdown), by its pid. */
    public static boolean stop(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        // SIGTERM is PostgreSQL's smart shutdown: it waits for sessions, which the mesh has already stopped
        handle.get().destroy();
        try {
            handle.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.get().destroyForcibly();
        }
        return true;
    }

    /** The library's lock on the data directory outlives a killed server; a restart needs it back. */
    private void releaseQuietly() {
        EmbeddedPostgres dead = server;
        server = null;
        try {
            dead.close();
        } catch (IOException | RuntimeException e) {
            // pg_ctl stop finds no server after a kill -9: expected, the lock is released regardless
            System.getLogger(EmbeddedServer.class.getName()).log(System.Logger.Level.DEBUG,
                    "closing a killed server: " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
