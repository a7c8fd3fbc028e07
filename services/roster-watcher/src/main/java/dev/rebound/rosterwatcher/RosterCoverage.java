package dev.rebound.rosterwatcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Roster freshness for the expected teams as of a date: per team its latest roster date, age in days and status.
 * A team is stale when its latest roster is more than {@code maxAgeDays} old (the seed's {@code age_days > 3}),
 * missing when it has no roster at all.
 */
public record RosterCoverage(LocalDate asOf, int maxAgeDays, List<TeamRoster> teams) {

    public enum Status {
        fresh, stale, missing
    }

    /** {@code latestRosterDate} and {@code ageDays} are null for a missing team. */
    public record TeamRoster(String team, LocalDate latestRosterDate, Integer ageDays, Status status) {
    }

    public static RosterCoverage evaluate(List<String> expectedTeams, Map<String, LocalDate> latestByTeam,
            LocalDate asOf, int maxAgeDays) {
        List<TeamRoster> teams = new ArrayList<>();
        for (String team : expectedTeams) {
            LocalDate latest = latestByTeam.get(team);
            if (latest == null) {
                teams.add(new TeamRoster(team, null, null, Status.missing));
            } else {
                // a roster dated after the check date counts as today's (age 0), never negative
                int age = (int) Math.max(0, ChronoUnit.DAYS.between(latest, asOf));
                teams.add(new TeamRoster(team, latest, age, age > maxAgeDays ? Status.stale : Status.fresh));
            }
        }
        return new RosterCoverage(asOf, maxAgeDays, List.copyOf(teams));
    }

    public List<TeamRoster> stale() {
        return teams.stream().filter(t -> t.status() == Status.stale)
                .sorted(Comparator.comparing(TeamRoster::ageDays).reversed().thenComparing(TeamRoster::team))
                .toList();
    }

    public List<String> missing() {
        return teams.stream().filter(t -> t.status() == Status.missing).map(TeamRoster::team).sorted().toList();
    }

    public int freshCount() {
        return (int) teams.stream().filter(t -> t.status() == Status.fresh).count();
    }

    public boolean allFresh() {
        return freshCount() == teams.size();
    }

    /**
     * Identifies the data behind a verdict: the stale teams with their latest roster dates and the missing teams.
     * Ages are left out on purpose: the same stale rosters a day older are the same problem, not a new alert.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(allFresh() ? "fresh" : "stale");
        stale().stream().sorted(Comparator.comparing(TeamRoster::team))
                .forEach(t -> text.append('|').append(t.team()).append('@').append(t.latestRosterDate()));
        text.append("|missing");
        missing().forEach(m -> text.append('|').append(m));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
