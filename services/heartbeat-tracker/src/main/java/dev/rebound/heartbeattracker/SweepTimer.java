package dev.rebound.heartbeattracker;

import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.runtime.clock.SimTimers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts the internal sweep at startup; a restarted instance sweeps the runs it inherited within one period. */
@ApplicationScoped
public class SweepTimer {

    void start(@Observes StartupEvent event, SimTimers timers, StuckRunDetector detector, HeartbeatConfig config) {
        if (config.sweepTimerEnabled()) {
            timers.every("stuck-sweep", config.sweepEvery(), detector::sweep);
        }
    }
}
