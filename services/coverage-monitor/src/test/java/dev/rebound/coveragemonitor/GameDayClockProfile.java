package dev.rebound.coveragemonitor;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A game day at 20:00 UTC (3 PM Eastern), two hours before the alert deadline, at real speed. */
public class GameDayClockProfile implements QuarkusTestProfile {
    static final String START = "2026-02-10T20:00:00Z";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rebound.clock.mode", "scenario", "rebound.clock.start", START, "rebound.clock.speed", "1");
    }
}
