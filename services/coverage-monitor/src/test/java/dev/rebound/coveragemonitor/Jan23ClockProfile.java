package dev.rebound.coveragemonitor;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Jan 23, 2026 at 21:30 UTC, sixty sim seconds per real second: the alert deadline (first tip-off 00:00 UTC
 * minus 2 h = 22:00) arrives about thirty real seconds after the service starts.
 */
public class Jan23ClockProfile implements QuarkusTestProfile {
    static final String START = "2026-01-23T21:30:00Z";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rebound.clock.mode", "scenario", "rebound.clock.start", START, "rebound.clock.speed", "60");
    }
}
