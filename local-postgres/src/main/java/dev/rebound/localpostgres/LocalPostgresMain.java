package dev.rebound.localpostgres;

import java.nio.file.Path;

/**
 * A PostgreSQL server from the command line, for scripts (the benchmarks): {@code start DATA_DIR PORT LOG} starts one
 * that outlives this process, creates an empty database {@code bench} and prints {@code <pid> <jdbc url>};
 * {@code stop PID} stops it.
 */
public final class LocalPostgresMain {
    private LocalPostgresMain() {
    }

    public static void main(String[] args) {
        if (args.length == 4 && args[0].equals("start")) {
            EmbeddedServer server = EmbeddedServer.startPersistent(Path.of(args[1]), Integer.parseInt(args[2]),
                    Path.of(args[3]));
            server.recreateDatabase("bench");
            System.out.println(server.pid().orElseThrow() + " " + server.jdbcUrl("bench"));
        } else if (args.length == 2 && args[0].equals("stop")) {
            System.out.println(EmbeddedServer.stop(Long.parseLong(args[1])) ? "stopped" : "not running");
        } else {
            System.err.println("usage: start DATA_DIR PORT LOG | stop PID");
            System.exit(2);
        }
    }
}
