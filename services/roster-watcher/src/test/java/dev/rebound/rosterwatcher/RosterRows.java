package dev.rebound.rosterwatcher;

import static org.awaitility.Awaitility.await;

import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tests play the pipeline's roster processor: they write its roster table (a stand-in in the test database,
 * which the service only reads) and start each freshness scenario from a service that never checked.
 */
final class RosterRows {
    private RosterRows() {
    }

    /**
     * No rosters, no verdict, nothing in the outbox (once what earlier tests queued is sent): a verdict row and the
     * events it queued go together, and a transition's ce-id is derived from the verdict before it, so a second
     * first verdict on the same data would be the same event.
     */
    static void noRostersAndNoVerdictYet(StateStore store, Duration within) {
        await().atMost(within).until(() -> store.query(Sql.of("SELECT COUNT(*) AS n FROM outbox"
                + " WHERE sent_at IS NULL")).get(0).getLong("n") == 0);
        store.execute(Sql.of("DELETE FROM nba_raw.espn_team_rosters"));
        store.execute(Sql.of("DELETE FROM roster_verdicts"));
        store.execute(Sql.of("DELETE FROM outbox"));
    }

    /** One statement per seeding, so no check can ever see half of it. */
    static void seed(StateStore store, List<String> teams, LocalDate date) {
        String values = teams.stream().map(t -> "(DATE '" + date + "', '" + t + "', '" + t.toLowerCase() + "_player1',"
                + " 'gs://nba-scraped-data/espn/rosters/" + date + "/team_" + t + ".json')")
                .collect(Collectors.joining(", "));
        store.execute(Sql.of("INSERT INTO nba_raw.espn_team_rosters (roster_date, team_abbr, player_lookup,"
                + " source_file_path) VALUES " + values));
    }
}
