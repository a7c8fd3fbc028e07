package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Two meshes side by side: every port of a layout moves by its offset, and no two layouts' ports meet. */
class MeshLayoutTest {
    private final MeshLayout plain = new MeshLayout(Path.of("/repo"), Path.of("/repo/.rebound"));
    private final MeshLayout second = new MeshLayout(Path.of("/repo"), Path.of("/repo/it-mesh-2"), 1000);

    @Test
    void withoutAnOffsetTheFixedPortsOfRebound() {
        assertThat(plain.instance(MeshLayout.HEARTBEAT_TRACKER, 0).port()).isEqualTo(8081);
        assertThat(plain.instance(MeshLayout.HEARTBEAT_TRACKER, 1).port()).isEqualTo(8181);
        assertThat(plain.baseUrl(MeshLayout.PIPELINE_SIMULATOR)).isEqualTo("http://127.0.0.1:8090");
        assertThat(plain.emulatorPort()).isEqualTo(8085);
        assertThat(plain.postgresPort()).isEqualTo(8086);
        assertThat(plain.dashboardUrl()).isEqualTo("http://localhost:8083/");
    }

    @Test
    void everyPortMovesByTheOffset() {
        assertThat(second.instance(MeshLayout.HEARTBEAT_TRACKER, 0).port()).isEqualTo(9081);
        assertThat(second.instancesOf(MeshLayout.COVERAGE_MONITOR, 2)).extracting(MeshLayout.Instance::baseUrl)
                .containsExactly("http://127.0.0.1:9083", "http://127.0.0.1:9183");
        assertThat(second.instance("backfill-orchestrator-1")).map(MeshLayout.Instance::port).contains(9184);
        assertThat(second.portOf("roster-watcher")).isEqualTo(9082);
        assertThat(second.baseUrl(MeshLayout.PIPELINE_SIMULATOR)).isEqualTo("http://127.0.0.1:9090");
        assertThat(second.emulatorPort()).isEqualTo(9085);
        assertThat(second.postgresPort()).isEqualTo(9086);
        assertThat(second.dashboardUrl()).isEqualTo("http://localhost:9083/");
    }

    @Test
    void anOffsetThatCouldMeetAnotherLayoutsPortsIsRefused() {
        assertThatThrownBy(() -> new MeshLayout(Path.of("/repo"), Path.of("/run"), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("portOffset");
        assertThatThrownBy(() -> new MeshLayout(Path.of("/repo"), Path.of("/run"), -1000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
