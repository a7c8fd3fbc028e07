package dev.rebound.launcher;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each service of the mesh exposed when the replay ended, read before anything is stopped: its Prometheus
 * metrics ({@code /q/metrics}, or why they could not be read) and where its log is. The {@code metric} and
 * {@code log_lines} expectations are judged on these.
 */
public record ServiceReadings(Map<String, PrometheusText> metrics, Map<String, String> unreadable,
        Map<String, Path> logs) {

    /** The four services, whose metrics a {@code metric} expectation without {@code service} sums. */
    public static final List<String> SUMMED = MeshLayout.SERVICES.stream().map(MeshLayout.Service::name).toList();

    public static ServiceReadings none() {
        return new ServiceReadings(Map.of(), Map.of(), Map.of());
    }

    /** Scrapes every service now; a service that does not answer is recorded with why, not skipped. */
    public static ServiceReadings read(Mesh mesh, MeshLayout layout, Collection<MeshLayout.Service> services) {
        Map<String, PrometheusText> metrics = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        Map<String, Path> logs = new LinkedHashMap<>();
        for (MeshLayout.Service s : services) {
            logs.put(s.name(), layout.logOf(s.name()));
            try {
                metrics.put(s.name(), PrometheusText.parse(mesh.metrics(s)));
            } catch (RuntimeException e) {
                unreadable.put(s.name(), e.getMessage());
            }
        }
        return new ServiceReadings(metrics, unreadable, logs);
    }

    /** The services a metric expectation reads: the one it names, or the four. */
    public static List<String> servicesOf(String service) {
        return service == null ? SUMMED : List.of(service);
    }
}
