package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What the services' runtime accounts may do to the state store and the warehouse, wherever a grant is written: IAM
 * resources of an environment whose member is a runtime account, role/member pairs passed to a module (a dataset's
 * {@code iam_members}), the project roles the identities module gives every runtime account, and the grants the
 * state store module makes to each of its service accounts. BigQuery is read only (dataViewer on what they read,
 * jobUser to run the queries); Cloud SQL is connect and log in, nothing that administers the instance. A role
 * written as an expression cannot be checked, so it is a problem too.
 */
final class RuntimeAccountRoles {

    static final String CHECK = "runtime-roles";
    static final String IDENTITIES_MODULE = "modules/service-identities";
    /** How an environment names a runtime account: module.identities.runtime_emails["service"]. */
    static final String RUNTIME_ACCOUNT = "runtime_emails[";
    static final List<String> BIGQUERY_READ = List.of("roles/bigquery.dataViewer", "roles/bigquery.jobUser");
    static final List<String> CLOUD_SQL_CLIENT = List.of("roles/cloudsql.client", "roles/cloudsql.instanceUser");

    /** One grant to runtime accounts: where it is written, its role (null when not literal), its member as written. */
    record Grant(String where, String role, String member) {
    }

    private final TerraformModel model;

    RuntimeAccountRoles(TerraformModel model) {
        this.model = model;
    }

    List<Problem> check() {
        List<Problem> problems = new ArrayList<>();
        for (Grant g : grants()) {
            if (g.role() == null) {
                problems.add(new Problem(CHECK, g.where(), "grants a role written as an expression to " + g.member()
                        + ": write it literally so it can be checked"));
            } else if (g.role().startsWith("roles/bigquery.") && !BIGQUERY_READ.contains(g.role())) {
                problems.add(new Problem(CHECK, g.where(), g.role() + " for " + g.member()
                        + ": the services only read BigQuery (dataViewer, jobUser)"));
            } else if (g.role().startsWith("roles/cloudsql.") && !CLOUD_SQL_CLIENT.contains(g.role())) {
                problems.add(new Problem(CHECK, g.where(), g.role() + " for " + g.member()
                        + ": the services only connect to and log in to Cloud SQL (client, instanceUser)"));
            }
        }
        return problems;
    }

    List<Grant> grants() {
        List<Grant> grants = new ArrayList<>();
        for (TerraformModule env : model.environments()) {
            env.resources().forEach((type, blocks) -> blocks.forEach((name, block) -> {
                if (mentionsRuntimeAccount(block.body().get("member"))
                        || mentionsRuntimeAccount(block.body().get("members"))) {
                    grants.add(grant(block.file() + " " + type + "." + name, block.body()));
                }
            }));
            env.moduleCalls().forEach((name, call) -> rolePairs(call.file() + " module." + name, call.body(), grants));
            model.module(IDENTITIES_MODULE).ifPresent(identities -> ModuleInputs.calls(model, env, IDENTITIES_MODULE)
                    .forEach((name, call) -> projectRoles(call.file() + " module." + name + " project_roles",
                            ModuleInputs.argument(identities, call, "project_roles"), grants)));
        }
        model.module(CloudSqlInvariants.DATABASE_MODULE).ifPresent(database -> database.resources().forEach(
                (type, blocks) -> blocks.forEach((name, block) -> {
                    if (type.contains("_iam_") && Hcl.mentions(block.body().get("for_each"), "var.service_accounts")) {
                        grants.add(grant(block.file() + " " + type + "." + name, block.body()));
                    }
                })));
        return grants;
    }

    private static boolean mentionsRuntimeAccount(JsonNode member) {
        return member != null && Hcl.normalized(member).contains(RUNTIME_ACCOUNT);
    }

    private static Grant grant(String where, JsonNode body) {
        JsonNode member = body.has("member") ? body.get("member") : body.get("members");
        return new Grant(where, Hcl.literalString(body.get("role")).orElse(null), Hcl.normalized(member));
    }

    /** Objects with a role and a runtime-account member anywhere in a module call's arguments. */
    private static void rolePairs(String where, JsonNode node, List<Grant> into) {
        if (node == null) {
            return;
        }
        if (node.isObject() && node.has("role") && mentionsRuntimeAccount(node.get("member"))) {
            into.add(grant(where, node));
            return;
        }
        if (node.isContainerNode()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                rolePairs(where, it.next(), into);
            }
        }
    }

    private static void projectRoles(String where, JsonNode roles, List<Grant> into) {
        String member = "every runtime account";
        if (roles == null || !roles.isArray()) {
            into.add(new Grant(where, null, member));
            return;
        }
        roles.forEach(role -> into.add(new Grant(where, Hcl.literalString(role).orElse(null), member)));
    }
}
