package dev.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.Json;
import org.junit.jupiter.api.Test;

/** Which URL a service's tokens are minted for: the deterministic one its audience check names. */
class CloudRunTest {

    private static JsonNode described(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void theDeterministicUrlIsChosenOverTheLegacyOne() throws Exception {
        JsonNode service = described("{\"uri\":\"https://coverage-monitor-abc123-wl.a.run.app\",\"urls\":["
                + "\"https://coverage-monitor-abc123-wl.a.run.app\",\"https://coverage-monitor-912345678.us-west2.run.app\"]}");
        assertThat(CloudRun.serviceUrl("coverage-monitor", "us-west2", service))
                .hasToString("https://coverage-monitor-912345678.us-west2.run.app");
    }

    @Test
    void withoutADeterministicUrlTheServiceUriIsUsed() throws Exception {
        JsonNode service = described("{\"uri\":\"https://heartbeat-tracker-abc123-wl.a.run.app/\"}");
        assertThat(CloudRun.serviceUrl("heartbeat-tracker", "us-west2", service))
                .hasToString("https://heartbeat-tracker-abc123-wl.a.run.app");
    }

    @Test
    void anotherServicesOrRegionsUrlIsNotTaken() throws Exception {
        JsonNode service = described("{\"uri\":\"https://roster-watcher-x-wl.a.run.app\",\"urls\":["
                + "\"https://roster-watcher-2-912345678.us-west2.run.app\",\"https://roster-watcher-912345678.us-east1.run.app\"]}");
        assertThat(CloudRun.serviceUrl("roster-watcher", "us-west2", service))
                .hasToString("https://roster-watcher-x-wl.a.run.app");
    }

    @Test
    void aServiceWithoutAnyUrlIsUnreachable() throws Exception {
        assertThatThrownBy(() -> CloudRun.serviceUrl("backfill-orchestrator", "us-west2", described("{}")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Exit.UNREACHABLE))
                .hasMessageContaining("backfill-orchestrator has no URL");
    }

    @Test
    void aPersonImpersonatesTheOperatorAccountInfraDeclares() {
        assertThat(CloudRun.operatorAccount("rebound-prod")).isEqualTo("rb-operator@rebound-prod.iam.gserviceaccount.com");
    }
}
