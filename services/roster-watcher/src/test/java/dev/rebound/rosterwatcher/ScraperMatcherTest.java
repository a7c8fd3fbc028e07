package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Severity;
import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScraperMatcherTest {
    private static final PipelineConfig.Scraper ROSTERS = scraper("espn_team_roster", "nba-scraped-data",
            "^espn/rosters/(?<date>\\d{4}-\\d{2}-\\d{2})/team_(?<key>[A-Z]{2,3})\\.json$");
    private static final PipelineConfig.Scraper SCHEDULE = scraper("nbac_schedule", "nba-scraped-data",
            "^nbac/schedule/(?<date>\\d{4}-\\d{2}-\\d{2})/.+\\.json$");

    private final ScraperMatcher matcher = new ScraperMatcher(List.of(ROSTERS, SCHEDULE));

    private static PipelineConfig.Scraper scraper(String name, String bucket, String pattern) {
        return new PipelineConfig.Scraper(name, bucket, pattern, 30, Duration.ofSeconds(60),
                new PipelineConfig.TimeOfDay(0, LocalTime.of(13, 0)), Severity.CRITICAL);
    }

    @Test
    void theDateGroupIsTheDataDateAndTheKeyGroupTheExpectedObject() {
        assertThat(matcher.match("nba-scraped-data", "espn/rosters/2026-01-23/team_POR.json"))
                .isEqualTo(new ScraperMatcher.Matched(ROSTERS, LocalDate.parse("2026-01-23"), "POR"));
    }

    @Test
    void withoutAKeyGroupTheObjectNameIsTheKey() {
        assertThat(matcher.match("nba-scraped-data", "nbac/schedule/2026-01-23/full.json"))
                .isEqualTo(new ScraperMatcher.Matched(SCHEDULE, LocalDate.parse("2026-01-23"),
                        "nbac/schedule/2026-01-23/full.json"));
    }

    @Test
    void anotherBucketOrPathIsNoScrapers() {
        assertThat(matcher.match("other-bucket", "espn/rosters/2026-01-23/team_POR.json"))
                .isInstanceOf(ScraperMatcher.NoScraper.class);
        assertThat(matcher.match("nba-scraped-data", "espn/rosters/2026-01-23/team_POR.json.tmp"))
                .isInstanceOf(ScraperMatcher.NoScraper.class);
    }

    @Test
    void aDateThatIsNotOnTheCalendarIsReportedAsSuch() {
        assertThat(matcher.match("nba-scraped-data", "espn/rosters/2026-02-30/team_POR.json"))
                .isEqualTo(new ScraperMatcher.InvalidDate(ROSTERS, "2026-02-30"));
    }
}
