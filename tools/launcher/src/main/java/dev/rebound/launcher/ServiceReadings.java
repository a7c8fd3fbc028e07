package dev.rebound.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each service of the mesh exposed, read before anything is stopped: the Prometheus metrics ({@code /q/metrics})
 * of every process that ran it — the instances running at the end, and the last reading of each instance killed
 * during the replay (as Managed Prometheus would have scraped it before the crash) — or why they could not be read,
 * and its logs (one per instance, restarts appending). The {@code metric} and {@code log_lines} expectations are judged
 * on these, summed over a service's processes.
 */
public record ServiceReadings(Map<String, List<PrometheusText>> metrics, Map<String, String> unreadable,
        Map<String, List<Path>> logs) {

    /** The four services, whose metrics a {@code metric} expectation without {@code service} sums. */
    public static final List<String> SUMMED = MeshLayout.SERVICES.stream().map(MeshLayout.Service::name).toList();

    public static ServiceReadings none() {
        return new ServiceReadings(Map.of(), Map.of(), Map.of());
    }

    /** Collects readings as the replay goes: instances killed on the way, then every instance still running. */
    public static final class Collector {
        private final Map<String, List<PrometheusText>> metrics = new LinkedHashMap<>();
        private final Map<String, String> unreadable = new LinkedHashMap<>();
        private final Map<String, List<Path>> logs = new LinkedHashMap<>();

        /** Scrapes one instance now; one that does not answer is recorded with why, not skipped. */
        public void read(ServiceInstances instances, MeshLayout.Instance instance) {
            String service = instance.service().name();
            List<Path> serviceLogs = logs.computeIfAbsent(service, k -> new ArrayList<>());
            Path log = instances.layout().logOf(instance.name());
            if (!serviceLogs.contains(log)) {
                serviceLogs.add(log);
            }
            try {
                metrics.computeIfAbsent(service, k -> new ArrayList<>())
                        .add(PrometheusText.parse(instances.metrics(instance)));
            } catch (RuntimeException e) {
                unreadable.put(instance.name(), e.getMessage());
            }
        }

        public ServiceReadings readings() {
            return new ServiceReadings(Map.copyOf(metrics), Map.copyOf(unreadable), Map.copyOf(logs));
        }
    }

    /** The services a metric expectation reads: the one it names, or the four. */
    public static List<String> servicesOf(String service) {
        return service == null ? SUMMED : List.of(service);
    }
}
