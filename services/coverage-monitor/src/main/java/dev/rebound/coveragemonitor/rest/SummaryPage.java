package dev.rebound.coveragemonitor.rest;

import dev.rebound.events.internal.DailyHealthSummary;
import java.util.List;
import java.util.Locale;

/** The daily health summary as a small self-contained HTML page (also fit to paste into an email). */
final class SummaryPage {
    private SummaryPage() {
    }

    static String render(DailyHealthSummary s) {
        StringBuilder b = new StringBuilder();
        String severity = s.severity().name().toLowerCase(Locale.ROOT);
        head(b, "Pipeline health " + s.summaryDate());
        b.append("<h1>Pipeline health — ").append(s.summaryDate()).append(" <span class=\"badge ")
                .append(severity).append("\">").append(severity).append("</span></h1>");
        b.append("<p class=\"muted\">Generated ").append(s.generatedAt()).append("</p>");
        b.append("<div class=\"tiles\">");
        tile(b, "Games covered", s.gamesCovered() + " / " + s.gamesTotal(),
                s.gamesCovered() < s.gamesTotal() ? "critical" : "info");
        tile(b, "Coverage gaps", Integer.toString(s.gaps().size()), s.gaps().isEmpty() ? "info" : "warning");
        tile(b, "Stuck runs", Integer.toString(s.stuckRuns().size()), s.stuckRuns().isEmpty() ? "info" : "warning");
        tile(b, "Fresh rosters", s.roster().teamsFresh() + " / " + s.roster().teamsExpected(),
                s.roster().teamsFresh() < s.roster().teamsExpected() ? "warning" : "info");
        tile(b, "Repairs", Integer.toString(s.repairs().size()), "info");
        b.append("</div>");

        b.append("<h2>Coverage gaps</h2>");
        if (s.gaps().isEmpty()) {
            b.append("<p>None.</p>");
        } else {
            b.append("<table><tr><th>Game</th><th>Phase</th><th>Players</th><th>Outcome</th></tr>");
            for (DailyHealthSummary.Gap g : s.gaps()) {
                b.append("<tr><td>").append(esc(g.gameId())).append("</td><td>").append(esc(g.phase()))
                        .append("</td><td>").append(g.players()).append(" / ").append(g.minPlayers())
                        .append("</td><td class=\"").append(g.resolved() ? "ok" : "bad").append("\">")
                        .append(g.resolved() ? "resolved" : "not resolved").append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h2>Stuck runs</h2>");
        list(b, s.stuckRuns().stream().map(r -> r.processor() + " " + r.dataDate() + " (run " + r.runId() + ")")
                .toList());
        b.append("<h2>Rosters</h2><p>").append(s.roster().teamsFresh()).append(" of ")
                .append(s.roster().teamsExpected()).append(" teams fresh.");
        if (!s.roster().stale().isEmpty()) {
            b.append(" Stale: ").append(esc(String.join(", ", s.roster().stale()))).append('.');
        }
        if (!s.roster().missing().isEmpty()) {
            b.append(" Missing: ").append(esc(String.join(", ", s.roster().missing()))).append('.');
        }
        b.append("</p><h2>Repairs</h2>");
        list(b, s.repairs().stream().map(r -> r.planId() + ": " + r.rootProcessor() + " " + r.rootDataDate()
                + " — " + r.outcome()).toList());
        b.append("</main></body></html>");
        return b.toString();
    }

    static String missing(String message) {
        StringBuilder b = new StringBuilder();
        head(b, "No summary");
        b.append("<h1>No summary</h1><p>").append(esc(message)).append("</p></main></body></html>");
        return b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append("</title><style>")
                .append("body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;")
                .append("background:#0f172a;color:#e2e8f0}main{max-width:860px;margin:0 auto;padding:24px 16px}")
                .append("h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:28px;color:#cbd5e1}")
                .append(".muted{color:#94a3b8}.tiles{display:grid;grid-template-columns:repeat(auto-fit,")
                .append("minmax(140px,1fr));gap:10px}.tile{background:#1e293b;border-radius:10px;padding:12px;")
                .append("border-left:4px solid #334155}.tile b{display:block;font-size:1.4rem}")
                .append(".tile.critical{border-color:#ef4444}.tile.warning{border-color:#f59e0b}")
                .append(".tile.info{border-color:#22c55e}table{width:100%;border-collapse:collapse}")
                .append("td,th{padding:6px 8px;border-bottom:1px solid #334155;text-align:left}")
                .append(".ok{color:#4ade80}.bad{color:#f87171}.badge{font-size:.8rem;padding:2px 8px;")
                .append("border-radius:999px;vertical-align:middle;text-transform:uppercase}")
                .append(".badge.critical{background:#7f1d1d}.badge.warning{background:#78350f}")
                .append(".badge.info{background:#14532d}</style></head><body><main>");
    }

    private static void tile(StringBuilder b, String label, String value, String level) {
        b.append("<div class=\"tile ").append(level).append("\"><span class=\"muted\">").append(esc(label))
                .append("</span><b>").append(esc(value)).append("</b></div>");
    }

    private static void list(StringBuilder b, List<String> items) {
        if (items.isEmpty()) {
            b.append("<p>None.</p>");
            return;
        }
        b.append("<ul>");
        items.forEach(i -> b.append("<li>").append(esc(i)).append("</li>"));
        b.append("</ul>");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
