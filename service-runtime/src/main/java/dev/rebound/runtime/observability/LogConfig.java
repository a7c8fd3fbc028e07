package dev.rebound.runtime.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How logs are written: {@code rebound.log.*} (defaults in META-INF/microprofile-config.properties). */
@ConfigMapping(prefix = "rebound.log")
public interface LogConfig {
    /** Console lines as Cloud Logging structured JSON ({@link CloudLoggingFormatter}); on in production. */
    @WithDefault("false")
    boolean cloudLogging();

    /** The project traces are named in: {@code projects/<this>/traces/<trace id>}. */
    String traceProjectId();
}
