package dev.rebound.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** The outcome of a scenario run: every expectation with what was found. */
public record Verdict(String scenario, List<ExpectationChecks.Result> results, Duration wallTime, List<String> problems) {

    public boolean passed() {
        return problems.isEmpty() && !results.isEmpty() && results.stream().allMatch(ExpectationChecks.Result::held);
    }

    public long held() {
        return results.stream().filter(ExpectationChecks.Result::held).count();
    }

    public void print(PrintStream out, String dashboardUrl) {
        out.println();
        out.println("Verdict for " + scenario + ":");
        for (ExpectationChecks.Result r : results) {
            out.printf("  %s %s%n      %s%n", r.held() ? "✔" : "✘", r.expectation().label(), r.detail());
        }
        for (String p : problems) {
            out.println("  ✘ " + p);
        }
        out.printf("%s: %d/%d expectations held (wall time %dm%02ds)%n", passed() ? "PASS" : "FAIL", held(),
                results.size(), wallTime.toMinutes(), wallTime.toSecondsPart());
        out.println("Dashboard: " + dashboardUrl);
    }
}
