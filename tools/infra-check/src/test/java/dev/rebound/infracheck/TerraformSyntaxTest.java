package dev.rebound.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TerraformSyntaxTest {

    @Test
    void everyTerraformFileUnderInfraParses() {
        TerraformModel model = Infra.real();

        assertThat(Infra.invariants(model).syntax()).isEmpty();
        assertThat(model.modules().keySet()).contains("envs/prod", Environment.TOPIC_MODULE,
                Environment.INVOKERS_MODULE, Environment.SCHEDULER_MODULE, Environment.GCS_NOTIFICATIONS_MODULE,
                "modules/bigquery-dataset", "modules/service-identities");
    }

    @Test
    void everyModuleHasTheConventionalFilesAndDescribesAndTypesEveryVariable() {
        for (TerraformModule module : Infra.real().modules().values()) {
            if (module.dir().startsWith("modules/")) {
                assertThat(module.files()).as(module.dir()).containsExactlyInAnyOrder(module.dir() + "/main.tf",
                        module.dir() + "/variables.tf", module.dir() + "/outputs.tf", module.dir() + "/versions.tf");
            }
            module.variables().forEach((name, variable) -> {
                assertThat(variable.body().has("type")).as("%s variable %s has a type", module.dir(), name).isTrue();
                assertThat(Hcl.literalString(variable.body().get("description"))).as("%s variable %s has a description",
                        module.dir(), name).get().asString().isNotBlank();
            });
            module.outputs().forEach((name, output) -> assertThat(output.body().has("description"))
                    .as("%s output %s has a description", module.dir(), name).isTrue());
        }
    }

    @Test
    void aFileWithASyntaxErrorIsReportedWithItsPosition() {
        List<Problem> problems = Infra.invariants(Infra.parse(Infra.fixture("broken-syntax"))).syntax();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("syntax");
            assertThat(p.where()).isEqualTo("main.tf");
            assertThat(p.message()).contains("main.tf:3");
        });
    }

    @Test
    void aBrokenFileStopsTheOtherChecks() {
        List<Problem> problems = Infra.invariants(Infra.parse(Infra.fixture("broken-syntax"))).all();

        assertThat(problems).extracting(Problem::check).containsOnly("syntax");
    }
}
