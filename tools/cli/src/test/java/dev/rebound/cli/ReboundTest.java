package dev.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line itself — parsing, target, tables, --json, exit codes — against an HTTP server that answers as
 * the services' operator API does (the runbook test runs every command against the real mesh).
 */
class ReboundTest {
    @TempDir
    Path repo;

    private HttpServer server;
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String[] answer = answers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI(),
                    new String[] {"404", "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                            + "\"detail\":\"no such thing\"}"});
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer[0].startsWith("2") ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.createDirectories(repo.resolve(".rebound"));
        Files.writeString(repo.resolve(LocalMesh.ENV), "HEARTBEAT_TRACKER_URL=" + base + "\nROSTER_WATCHER_URL=" + base
                + "\nCOVERAGE_MONITOR_URL=" + base + "\nBACKFILL_ORCHESTRATOR_URL=" + base + "\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        return Rebound.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), repo);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String status(String service, boolean ready) {
        return "{\"service\":\"" + service + "\",\"now\":\"2026-01-23T15:00:00Z\",\"ready\":" + ready
                + ",\"backlog\":{\"in_flight\":0,\"oldest_delivery_age_s\":1.5},\"outbox\":{\"unsent\":4,"
                + "\"oldest_age_s\":312.4},\"deliveries\":{\"processed\":12,"
                + "\"retried\":1,\"quarantined\":2},\"open\":{\"runs\":3.0}}";
    }

    @Test
    void statusShowsEveryServiceAndExitsZeroWhenAllAreReady() {
        answers.put("GET /status", new String[] {"200", status("x", true)});
        assertThat(run("status")).isEqualTo(Exit.OK);
        assertThat(out()).contains("local mesh").contains("heartbeat-tracker").contains("backfill-orchestrator")
                .contains("1.5 s").contains("4 (oldest 312 s)").contains("runs 3");
    }

    @Test
    void aServiceDownOrNotReadyMakesStatusExitOne() throws IOException {
        answers.put("GET /status", new String[] {"200", status("x", false)});
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.writeString(repo.resolve(LocalMesh.ENV), Files.readString(repo.resolve(LocalMesh.ENV))
                .replaceAll("ROSTER_WATCHER_URL=.*", "ROSTER_WATCHER_URL=http://127.0.0.1:" + closed));
        assertThat(run("status", "--json")).isEqualTo(Exit.TROUBLE);
        assertThat(out()).contains("\"error\" : \"roster-watcher cannot be reached");
    }

    @Test
    void aRefusalIsPrintedInTheServicesWordsWithItsExitCode() {
        answers.put("GET /runs/stuck", new String[] {"401", "{\"status\":401,\"detail\":\"missing bearer token\"}"});
        assertThat(run("runs", "stuck")).isEqualTo(Exit.UNAUTHORIZED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("heartbeat-tracker answered 401 to GET /runs/stuck: missing bearer token");
        assertThat(run("plans", "show", "plan-x")).isEqualTo(Exit.NOT_FOUND);
        answers.put("POST /plans", new String[] {"400", "{\"status\":400,\"detail\":\"unknown processor X\"}"});
        assertThat(run("plans", "create", "X", "2026-01-23")).isEqualTo(Exit.TROUBLE);
    }

    @Test
    void jsonIsTheServicesOwnAnswerWhereverTheOptionIsGiven() {
        answers.put("GET /plans", new String[] {"200", "{\"active\":[],\"steps_in_flight\":0,\"recent\":[]}"});
        assertThat(run("plans", "list", "--json")).isEqualTo(Exit.OK);
        assertThat(run("--json", "plans", "list")).isEqualTo(Exit.OK);
        assertThat(out()).contains("\"steps_in_flight\" : 0").doesNotContain("In progress");
        answers.put("GET /plans", new String[] {"200", "{\"active\":[{\"plan_id\":\"bf-1\",\"status\":\"open\","
                + "\"steps\":[{\"state\":\"done\"},{\"state\":\"triggered\"}]}],\"steps_in_flight\":1,\"recent\":[]}"});
        assertThat(run("plans", "list")).isEqualTo(Exit.OK);
        assertThat(out()).contains("In progress (1 steps").containsPattern("bf-1 +open .* 1/2 ");
    }

    @Test
    void withoutAMeshOrAProjectThereIsNothingToTalkTo() throws IOException {
        Files.delete(repo.resolve(LocalMesh.ENV));
        assertThat(run("status")).isEqualTo(Exit.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no local mesh").contains("--project");
        assertThat(run("--project", "p", "status")).isEqualTo(Exit.USAGE);
    }

    @Test
    void incidentsListEachIncidentWithItsAlertsInside() {
        answers.put("GET /incidents?since=PT6H", new String[] {"200", "[{\"incident_id\":\"inc-1\","
                + "\"root_cause\":\"processor:PlayerGameSummaryProcessor\",\"title\":\"stuck\",\"state\":\"OPEN\","
                + "\"severity\":\"critical\",\"episode\":2,\"opened_at\":\"2026-01-23T06:04:00Z\",\"alerts\":["
                + "{\"ce_type\":\"pipeline.processor.stuck.v1\",\"severity\":\"critical\",\"detail\":\"PGS stuck\","
                + "\"detected_at\":\"2026-01-23T06:04:00Z\",\"active\":false},"
                + "{\"ce_type\":\"pipeline.coverage.gap.v1\",\"severity\":\"warning\",\"detail\":\"TOR_POR 0 players\","
                + "\"detected_at\":\"2026-01-23T20:00:00Z\",\"active\":true}]}]"});

        assertThat(run("incidents", "--since", "6h")).isEqualTo(Exit.OK);

        assertThat(out()).contains("OPEN CRITICAL  processor:PlayerGameSummaryProcessor", "reopened ×1",
                "PGS stuck (answered)", "TOR_POR 0 players").doesNotContain("TOR_POR 0 players (answered)");
    }

    @Test
    void aWrongCommandLineIsAUsageError() {
        assertThat(run("plans", "create", "OnlyAProcessor")).isEqualTo(Exit.USAGE);
        assertThat(run("replay", "seek", "--subscription", "s")).isEqualTo(Exit.USAGE);
        assertThat(run("nonsense")).isEqualTo(Exit.USAGE);
    }
}
