package dev.rebound.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateTablesTest {
    @TempDir
    Path tmp;

    private static Path repositoryRoot() {
        return Infra.infraDir().getParent();
    }

    private static Path datasets(Path infra) {
        return infra.resolve("envs/prod/datasets.tf");
    }

    @Test
    void bigQueryDeclaresExactlyTheTablesAndColumnsTheServicesCreate() {
        Map<String, List<String>> local = StateTables.fromSchemaScripts(repositoryRoot());
        assertThat(local).containsKeys("processed_events", "heartbeat_runs", "roster_bridge_objects",
                "backfill_plans", "coverage_gap_alerts");

        assertThat(StateTables.compare(local, StateTables.fromTerraform(datasets(Infra.infraDir())), "prod"))
                .isEmpty();
    }

    @Test
    void aColumnAServiceAddedButTerraformLacksIsFound() throws IOException {
        Path infra = Infra.copyOfInfra(tmp);
        Path file = datasets(infra);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("{ name = \"stuck_correlation_id\", type = \"STRING\", mode = \"NULLABLE\" },\n", ""));

        assertThat(StateTables.compare(StateTables.fromSchemaScripts(repositoryRoot()),
                StateTables.fromTerraform(file), "prod"))
                .extracting(Problem::message)
                .singleElement().asString().contains("heartbeat_runs").contains("stuck_correlation_id");
    }

    @Test
    void aTableNoServiceCreatesIsFound() {
        Map<String, List<String>> terraform = new java.util.LinkedHashMap<>(
                StateTables.fromTerraform(datasets(Infra.infraDir())));
        terraform.put("runs", List.of("run_id"));
        assertThat(StateTables.compare(StateTables.fromSchemaScripts(repositoryRoot()), terraform, "prod"))
                .extracting(Problem::message).containsExactly("state table runs is declared but no service creates it");
    }
}
