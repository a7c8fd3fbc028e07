package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The game × phase board of a date, counted from the pipeline's tables now (coverage-monitor). */
@Command(name = "coverage", description = "Players per game and phase for a game date, the dashboard's board as a "
        + "table; '!' marks a count below the minimum after its phase ran.")
final class CoverageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DATE", arity = "0..1", description = "Game date YYYY-MM-DD (default: the service's today).")
    String date;

    @Override
    public Integer call() {
        Rebound root = Rebound.of(spec);
        JsonNode view = root.api().get(Service.COVERAGE_MONITOR,
                Api.query("/coverage", Collections.singletonMap("date", date)));
        if (root.json()) {
            root.printJson(view);
            return Exit.OK;
        }
        PrintStream out = root.out();
        JsonNode report = view.path("report");
        int min = report.path("min_players").asInt();
        out.printf("Coverage %s: minimum %d players per game; first tip-off %s, alert deadline %s%n",
                Table.text(report, "game_date"), min, Table.text(view, "first_tipoff"), Table.text(view, "alert_deadline"));
        List<String> phases = new ArrayList<>();
        List<Boolean> ran = new ArrayList<>();
        for (JsonNode p : report.path("phases")) {
            phases.add(p.path("phase").asText());
            ran.add(p.path("ran").asBoolean());
        }
        List<String> headers = new ArrayList<>(List.of("GAME", "TIP-OFF", "EXPECTED"));
        for (int i = 0; i < phases.size(); i++) {
            headers.add(phases.get(i).toUpperCase(Locale.ROOT) + (ran.get(i) ? "" : " (not run)"));
        }
        Table board = new Table(headers.toArray(String[]::new));
        for (JsonNode g : report.path("games")) {
            List<Object> row = new ArrayList<>(List.of(g.path("away_team").asText() + "@" + g.path("home_team").asText()
                    + " " + g.path("game_id").asText(), Table.text(g, "tipoff_at")
                    + (g.path("started").asBoolean() ? " (started)" : ""), Table.text(g, "expected_players")));
            for (int i = 0; i < phases.size(); i++) {
                int players = players(g, phases.get(i));
                row.add(players + (ran.get(i) && players < min ? " !" : ""));
            }
            board.row(row.toArray());
        }
        if (board.isEmpty()) {
            out.println("No games scheduled.");
            return Exit.OK;
        }
        board.print(out);
        for (JsonNode p : report.path("phases")) {
            out.printf(Locale.ROOT, "  %-12s %5.1f%%  %d/%d games at the minimum%s%n", p.path("phase").asText(),
                    p.path("coverage").asDouble() * 100, p.path("games_at_min").asInt(), p.path("games_total").asInt(),
                    p.path("ran").asBoolean() ? "" : "  (not run yet)");
        }
        if (view.path("alerts").size() > 0) {
            out.println("Gap alerts:");
            for (JsonNode a : view.path("alerts")) {
                out.printf("  %s %s %s: %s of %s players (%s)%n", Table.text(a, "game_id"), Table.text(a, "phase"),
                        Table.text(a, "state"), Table.text(a, "players"), Table.text(a, "min_players"),
                        Table.text(a, "severity"));
            }
        }
        return Exit.OK;
    }

    private static int players(JsonNode game, String phase) {
        for (JsonNode p : game.path("phases")) {
            if (phase.equals(p.path("phase").asText())) {
                return p.path("players").asInt();
            }
        }
        return 0;
    }
}
