package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate: the real infra/ holds every invariant. */
class InfraInvariantsTest {

    @TempDir
    Path tmp;

    @Test
    void theRealInfraHoldsEveryInvariant() {
        assertThat(Infra.invariants(Infra.real()).all()).as("problems in %s", Infra.infraDir()).isEmpty();
    }

    @Test
    void aPublicMemberAnywhereIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/variables.tf"), "default     = []\n}\n\nvariable \"scraper_publishers\"",
                "default     = [\"allUsers\"]\n}\n\nvariable \"scraper_publishers\"");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).noPublicMembers())).containsExactly("grants to allUsers");
    }

    @Test
    void bucketNotificationsThatMissDeletionsAreFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/main.tf"), "event_types        = [\"OBJECT_FINALIZE\", \"OBJECT_DELETE\"]",
                "event_types        = [\"OBJECT_FINALIZE\"]");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).storageNotifications())).containsExactly(
                "notifications to gcs-object-notifications must literally list OBJECT_FINALIZE and OBJECT_DELETE, "
                        + "found [OBJECT_FINALIZE]");
    }
}
