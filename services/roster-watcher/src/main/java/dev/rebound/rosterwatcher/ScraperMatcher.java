package dev.rebound.rosterwatcher;

import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which configured scraper owns a Cloud Storage object: the first whose bucket is the object's bucket and
 * whose object_pattern matches the whole object name. The pattern's {@code date} group is the data date; its
 * optional {@code key} group names one expected object (without it, each object name is its own key).
 */
public final class ScraperMatcher {

    /** What the matcher made of an object. */
    public sealed interface Result {
    }

    public record Matched(PipelineConfig.Scraper scraper, LocalDate dataDate, String key) implements Result {
    }

    public record NoScraper() implements Result {
    }

    /** A scraper's pattern matched but its date group is not a calendar date (e.g. 2026-02-30). */
    public record InvalidDate(PipelineConfig.Scraper scraper, String text) implements Result {
    }

    private record Compiled(PipelineConfig.Scraper scraper, Pattern pattern, boolean hasKey) {
    }

    private final List<Compiled> scrapers;

    public ScraperMatcher(List<PipelineConfig.Scraper> scrapers) {
        this.scrapers = scrapers.stream()
                .map(s -> new Compiled(s, Pattern.compile(s.objectPattern()), s.objectPattern().contains("(?<key>")))
                .toList();
    }

    public Result match(String bucket, String objectName) {
        for (Compiled c : scrapers) {
            if (!c.scraper().bucket().equals(bucket)) {
                continue;
            }
            Matcher m = c.pattern().matcher(objectName);
            if (!m.matches()) {
                continue;
            }
            String dateText = m.group("date");
            LocalDate date;
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException | NullPointerException e) {
                return new InvalidDate(c.scraper(), String.valueOf(dateText));
            }
            String key = c.hasKey() && m.group("key") != null ? m.group("key") : objectName;
            return new Matched(c.scraper(), date, key);
        }
        return new NoScraper();
    }
}
