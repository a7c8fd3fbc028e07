package dev.rebound.runtime.observability;

import java.util.logging.Level;

/**
 * Log levels named as Cloud Logging's severities, so an alert's log entry carries exactly the severity the paging
 * policies filter on (the JSON formatter writes the level's name into {@code severity}).
 */
final class AlertLevels extends Level {
    static final Level CRITICAL = new AlertLevels("CRITICAL", 1100);
    static final Level WARNING = new AlertLevels("WARNING", 900);
    static final Level INFO = new AlertLevels("INFO", 800);

    private AlertLevels(String name, int value) {
        super(name, value);
    }
}
