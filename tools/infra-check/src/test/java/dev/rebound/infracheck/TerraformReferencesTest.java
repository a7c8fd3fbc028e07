package dev.rebound.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TerraformReferencesTest {

    @Test
    void everyReferenceInInfraResolves() {
        assertThat(Infra.invariants(Infra.real()).references()).isEmpty();
    }

    @Test
    void referencesToNothingAreReported() {
        List<Problem> problems = Infra.invariants(Infra.parse(Infra.fixture("unresolved-references"))).references();

        assertThat(problems).extracting(Problem::message).containsExactlyInAnyOrder(
                "'var.undeclared' names no declared variable",
                "'local.missing' names no declared local",
                "'module.child.missing_output' names no output of modules/child",
                "'module.absent.x' names no module call declared in envs/test",
                "'google_kms_crypto_key.nowhere.id' names no resource declared in envs/test",
                "'each.value' is used outside a block with for_each",
                "passes 'unknown_input', which modules/child does not declare",
                "does not pass required variable 'required_input' of modules/child");
    }

    @Test
    void aReferenceBrokenInACopyOfInfraIsFound(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("modules/pubsub-topic/main.tf"), "name    = var.dead_letter.topic",
                "name    = var.dead_letter_topic");

        assertThat(Infra.invariants(Infra.parse(infra)).references()).extracting(Problem::message)
                .containsExactly("'var.dead_letter_topic' names no declared variable");
    }
}
