package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the scheduler-jobs module must do with each job: POST to the service URL + path with the job's OIDC token. */
final class SchedulerModuleWiring {

    private static final String CHECK = "module-wiring";
    private static final String SERVICE_URL = "var.service_urls[each.value.service]";

    private SchedulerModuleWiring() {
    }

    static List<Problem> check(TerraformModule module) {
        List<Problem> problems = new ArrayList<>();
        var jobs = module.resources("google_cloud_scheduler_job");
        if (jobs.isEmpty()) {
            problems.add(new Problem(CHECK, module.dir(), "declares no google_cloud_scheduler_job"));
        }
        jobs.forEach((name, block) -> {
            String where = block.file() + " google_cloud_scheduler_job." + name;
            expect(problems, where, block.body().get("schedule"), "each.value.schedule", "schedule");
            expect(problems, where, block.body().get("time_zone"), "each.value.time_zone", "time_zone");
            Optional<JsonNode> target = Hcl.nestedBlock(block.body(), "http_target");
            if (target.isEmpty()) {
                problems.add(new Problem(CHECK, where, "has no http_target"));
                return;
            }
            if (!Hcl.literalString(target.get().get("http_method")).filter("POST"::equals).isPresent()) {
                problems.add(new Problem(CHECK, where, "http_method must be POST"));
            }
            JsonNode uri = target.get().get("uri");
            if (!Hcl.mentions(uri, SERVICE_URL) || !Hcl.mentions(uri, "each.value.path")) {
                problems.add(new Problem(CHECK, where, "uri must be the service URL followed by the job's path"));
            }
            Optional<JsonNode> oidc = Hcl.nestedBlock(target.get(), "oidc_token");
            if (oidc.isEmpty()) {
                problems.add(new Problem(CHECK, where, "http_target has no oidc_token"));
                return;
            }
            expect(problems, where, oidc.get().get("service_account_email"), "each.value.oidc_service_account_email",
                    "oidc_token service_account_email");
            expect(problems, where, oidc.get().get("audience"), SERVICE_URL, "oidc_token audience");
        });
        return problems;
    }

    private static void expect(List<Problem> problems, String where, JsonNode value, String traversal, String what) {
        if (!Hcl.mentions(value, traversal)) {
            problems.add(new Problem(CHECK, where, what + " must come from " + traversal));
        }
    }
}
