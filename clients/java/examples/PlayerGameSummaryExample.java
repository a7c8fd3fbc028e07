import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rebound.client.ReboundClient;
import dev.rebound.client.RunReporter;
import dev.rebound.client.Trigger;
import dev.rebound.events.codec.EventValidationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * An example processor that knows nothing of Rebound's services, only of the processor client. It plays
 * PlayerGameSummaryProcessor (a processor of the shipped NBA pipeline, so Rebound knows what to repair): its first,
 * scheduled run for --date hangs, fails or succeeds as --first-run says; every run Rebound triggers afterwards
 * succeeds. Triggers arrive by push, as on Cloud Run: it serves POST /pubsub/push and, on the local emulator, creates
 * its own push subscription on processor-triggers pointed at it.
 *
 * <pre>
 * ./rebound up --no-simulator &amp;&amp; set -a &amp;&amp; source .rebound/env &amp;&amp; set +a
 * clients/java/examples/run.sh --first-run fail
 * </pre>
 */
public class PlayerGameSummaryExample {
    static final String PROCESSOR = "PlayerGameSummaryProcessor";
    static final int GAMES = 8;
    static final Logger LOG = Logger.getLogger("player-game-summary");

    private final ReboundClient rebound = ReboundClient.fromEnvironment();
    private final Duration interval;

    PlayerGameSummaryExample(Duration interval) {
        this.interval = interval;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        LocalDate date = LocalDate.parse(options.getOrDefault("--date", "2026-01-22"));
        String firstRun = options.getOrDefault("--first-run", "hang");
        int port = Integer.parseInt(options.getOrDefault("--port", "8096"));
        var example = new PlayerGameSummaryExample(
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("--heartbeat-interval", "10"))));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/pubsub/push", example::onPush);
        server.setExecutor(Executors.newCachedThreadPool());
        if (System.getenv("PUBSUB_EMULATOR_HOST") != null) {
            subscribeLocally(port);
        }
        server.start();
        new Thread(() -> example.runOnce(date, firstRun, null)).start();
        LOG.info("Serving triggers on :" + port + " (Ctrl-C to stop)");
    }

    /** The processor's own work: one step per game, each reported as progress (which is also a sign of life). */
    void summariseGames(RunReporter run, String behaviour) throws Exception {
        for (int game = 1; game <= GAMES; game++) {
            if (game == 3 && behaviour.equals("hang")) {
                LOG.info(run.runId() + ": waiting forever on a query that never returns (no progress from here on)");
                new CountDownLatch(1).await();
            }
            if (game == 3 && behaviour.equals("fail")) {
                throw new IOException("BigQuery: 503 backend unavailable while reading nba_raw.nbac_gamebook");
            }
            Thread.sleep(1000); // the time one game takes to summarise
            run.progress(game, GAMES);
        }
    }

    void runOnce(LocalDate date, String behaviour, Trigger trigger) {
        try (RunReporter run = RunReporter.builder(rebound, PROCESSOR, date).trigger(trigger)
                .heartbeatInterval(interval).stallAfter(interval.multipliedBy(2)).start()) {
            LOG.info(run.runId() + " started");
            try {
                summariseGames(run, behaviour);
                run.complete(GAMES * 26L);
                LOG.info(run.runId() + " completed");
            } catch (Exception e) {
                run.fail(e);
                LOG.info(run.runId() + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * Pub/Sub push: answer 2xx once the run has started, or for a message that is not ours (or not a trigger), so
     * that Pub/Sub never redelivers it in a loop.
     */
    void onPush(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                Trigger trigger = Trigger.fromPushBody(exchange.getRequestBody().readAllBytes());
                if (trigger.isFor(PROCESSOR)) {
                    LOG.info("Trigger for " + PROCESSOR + "(" + trigger.dataDate() + "): " + trigger.data().reason()
                            + ", backfill " + trigger.backfillId() + ", attempt " + trigger.data().attempt());
                    new Thread(() -> runOnce(trigger.dataDate(), "succeed", trigger)).start();
                }
            } catch (EventValidationException e) {
                LOG.warning("Not a trigger, acknowledged and dropped: " + e.getMessage());
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /**
     * On the emulator only: the push subscription Terraform declares in production (with the filter
     * attributes.processor = "PlayerGameSummaryProcessor", which the emulator ignores).
     */
    static void subscribeLocally(int port) throws IOException, InterruptedException {
        String host = System.getenv("PUBSUB_EMULATOR_HOST");
        String project = System.getenv().getOrDefault("PUBSUB_PROJECT_ID", ReboundClient.LOCAL_PROJECT);
        String name = "player-game-summary-java--processor-triggers";
        String body = "{\"topic\":\"projects/" + project + "/topics/processor-triggers\",\"ackDeadlineSeconds\":60,"
                + "\"pushConfig\":{\"pushEndpoint\":\"http://127.0.0.1:" + port + "/pubsub/push\"}}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + host + "/v1/projects/" + project + "/subscriptions/" + name))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 && answer.statusCode() != 409) { // 409: it exists from an earlier start
            throw new IOException("creating " + name + " answered " + answer.statusCode() + ": " + answer.body());
        }
        LOG.info("Push subscription " + name + " -> http://127.0.0.1:" + port + "/pubsub/push");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
