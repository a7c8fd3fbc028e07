package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading /q/metrics as Micrometer's Prometheus registry writes it. */
class PrometheusTextTest {
    static final String EXPOSITION = """
            # HELP rebound_events_quarantined_total \s
            # TYPE rebound_events_quarantined_total counter
            rebound_events_quarantined_total{path="data",service="heartbeat-tracker"} 2.0
            rebound_events_quarantined_total{path="attributes.ce-id",service="heartbeat-tracker"} 1.0
            # TYPE rebound_alerts_published_total counter
            rebound_alerts_published_total{service="heartbeat-tracker",severity="critical",type="pipeline.processor.stuck.v1"} 1.0
            rebound_push_processing_seconds_bucket{service="heartbeat-tracker",type="x",le="+Inf"} 17.0
            odd_label{note="a \\"quoted\\", comma\\\\back\\nline",service="s"} 3
            jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.2345E7
            process_uptime_seconds 42.5 1700000000000
            """;

    @Test
    void sumsTheSeriesWhoseLabelsIncludeTheGivenOnes() {
        PrometheusText metrics = PrometheusText.parse(EXPOSITION);

        assertThat(metrics.sum("rebound_events_quarantined_total", Map.of())).isEqualTo(3.0);
        assertThat(metrics.sum("rebound_events_quarantined_total", Map.of("path", "data"))).isEqualTo(2.0);
        assertThat(metrics.series("rebound_events_quarantined_total", null)).isEqualTo(2);
        assertThat(metrics.sum("rebound_alerts_published_total",
                Map.of("type", "pipeline.processor.stuck.v1", "severity", "critical"))).isEqualTo(1.0);
        assertThat(metrics.sum("rebound_alerts_published_total", Map.of("severity", "warning"))).isZero();
        assertThat(metrics.has("rebound_triggers_published_total")).isFalse();
        assertThat(metrics.sum("rebound_push_processing_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(17.0);
        assertThat(metrics.sum("jvm_memory_used_bytes", Map.of("id", "Tenured Gen"))).isEqualTo(1.2345E7);
        assertThat(metrics.sum("process_uptime_seconds", null)).isEqualTo(42.5);
    }

    @Test
    void labelValuesAreUnescaped() {
        PrometheusText metrics = PrometheusText.parse(EXPOSITION);

        assertThat(metrics.sum("odd_label", Map.of("note", "a \"quoted\", comma\\back\nline"))).isEqualTo(3.0);
        assertThat(metrics.sum("odd_label", Map.of("service", "s"))).isEqualTo(3.0);
    }

    @Test
    void somethingElseIsRefusedWithItsLine() {
        assertThatThrownBy(() -> PrometheusText.parse("<html>not metrics</html>"))
                .hasMessageContaining("line 1");
    }
}
