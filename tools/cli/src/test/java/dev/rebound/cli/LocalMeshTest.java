package dev.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local mesh as ./rebound up describes it in .rebound/env. */
class LocalMeshTest {
    @TempDir
    Path repo;

    private Path env(String text) throws Exception {
        Path file = repo.resolve(LocalMesh.ENV);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void servicesAreWhereTheEnvFileSaysAndNeedNoToken() throws Exception {
        LocalMesh mesh = LocalMesh.read(env("# Written by ./rebound\nHEARTBEAT_TRACKER_URL=http://127.0.0.1:8081\n"
                + "REBOUND_STORE_URL='jdbc:postgresql://127.0.0.1:8086/rebound?user=rebound'\n"));
        assertThat(mesh.url(Service.HEARTBEAT_TRACKER)).hasToString("http://127.0.0.1:8081");
        assertThat(mesh.authorization(Service.HEARTBEAT_TRACKER)).isEmpty();
        assertThatThrownBy(() -> mesh.url(Service.ROSTER_WATCHER))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Exit.UNREACHABLE))
                .hasMessageContaining("ROSTER_WATCHER_URL");
    }

    @Test
    void theEnvFileIsFoundFromAnyDirectoryBelowTheRepository() throws Exception {
        Path file = env("HEARTBEAT_TRACKER_URL=http://127.0.0.1:8081\n");
        Path deep = Files.createDirectories(repo.resolve("services/heartbeat-tracker/src"));
        assertThat(LocalMesh.find(deep)).contains(file.toAbsolutePath());
        assertThat(LocalMesh.find(Files.createTempDirectory("elsewhere"))).isEmpty();
    }

    @Test
    void theScenarioClockIsComputedAsTheServicesComputeIt() throws Exception {
        LocalMesh mesh = LocalMesh.read(env("REBOUND_CLOCK_START=2026-01-23T06:00:00Z\n"
                + "REBOUND_CLOCK_ANCHOR=2026-11-30T10:00:00Z\nREBOUND_CLOCK_SPEED=60.0\n"
                + "REBOUND_DASHBOARD_URL=http://localhost:8083/\n"));
        assertThat(mesh.simTime(Instant.parse("2026-11-30T10:01:00Z"))).contains(Instant.parse("2026-01-23T07:00:00Z"));
        assertThat(mesh.notes()).anyMatch(n -> n.startsWith("sim clock 2026-")).contains("dashboard http://localhost:8083/");
    }
}
