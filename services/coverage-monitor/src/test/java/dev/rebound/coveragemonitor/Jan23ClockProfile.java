package dev.rebound.coveragemonitor;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Jan 23, 2026 from 18:00 UTC at sixty sim seconds per real second. The test places the evening's tip-offs
 * relative to the clock when it starts (startup time varies), so the alert deadline comes half a minute later.
 */
public class Jan23ClockProfile implements QuarkusTestProfile {
    static final String START = "2026-01-23T18:00:00Z";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rebound.clock.mode", "scenario", "rebound.clock.start", START, "rebound.clock.speed", "60");
    }
}
