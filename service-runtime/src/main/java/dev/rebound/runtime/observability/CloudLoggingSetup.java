package dev.rebound.runtime.observability;

import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Puts {@link CloudLoggingFormatter} on the console handler when {@code rebound.log.cloud-logging} is on (the
 * production profile). Quarkus offers applications no way to plug a formatter into its console handler, so the
 * formatter is set at start-up, before the HTTP server takes pushes; the few lines Quarkus logs while booting are
 * still written by its own JSON formatter (severity and message, no trace).
 */
@ApplicationScoped
public class CloudLoggingSetup {
    private static final Logger LOG = Logger.getLogger(CloudLoggingSetup.class);

    private final boolean enabled;
    private final String projectId;
    private final String service;

    public CloudLoggingSetup(LogConfig config, ReboundConfig rebound) {
        this.enabled = config.cloudLogging();
        this.projectId = config.traceProjectId();
        this.service = rebound.service().name();
    }

    void onStart(@Observes @Priority(1) StartupEvent start) {
        if (!enabled) {
            return;
        }
        List<ConsoleHandler> consoles = install(LogContext.getLogContext().getLogger("").getHandlers(),
                new CloudLoggingFormatter(projectId, service));
        if (consoles.isEmpty()) {
            LOG.warn("rebound.log.cloud-logging is on but no console handler was found: logs keep Quarkus' format");
        } else {
            LOG.infof("Console logs in Cloud Logging's structured JSON; traces named projects/%s/traces/<id>", projectId);
        }
    }

    /** Sets the formatter on every console handler under these handlers (Quarkus nests them in delegating ones). */
    static List<ConsoleHandler> install(Handler[] handlers, Formatter formatter) {
        List<ConsoleHandler> found = new ArrayList<>();
        for (Handler h : handlers) {
            if (h instanceof ConsoleHandler console) {
                console.setFormatter(formatter);
                found.add(console);
            } else if (h instanceof ExtHandler delegating) {
                found.addAll(install(delegating.getHandlers(), formatter));
            }
        }
        return found;
    }
}
