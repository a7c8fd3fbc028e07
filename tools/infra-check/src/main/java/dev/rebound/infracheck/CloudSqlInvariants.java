package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state store in Terraform. Every Cloud SQL instance: private (or a public address with no authorized network,
 * reached by the connector only), never open to 0.0.0.0/0, backed up with point-in-time recovery, protected from
 * deletion by Terraform and by Cloud SQL, PostgreSQL of the major the tests run, IAM database authentication on and a
 * max_connections flag to size pools against. Every database user is an IAM principal: no password anywhere. Every
 * Rebound service has a database user and roles/cloudsql.client and roles/cloudsql.instanceUser on the instance.
 * Each instance is checked with the values every environment passes its module.
 */
final class CloudSqlInvariants {

    static final String CHECK = "cloud-sql";
    static final String DATABASE_MODULE = "modules/cloud-sql-postgres";
    /** The major version the local server and the tests run (local-postgres' embedded binaries). */
    static final String DATABASE_VERSION = "POSTGRES_17";
    static final String INSTANCE = "google_sql_database_instance";
    static final String USER = "google_sql_user";
    private static final List<String> IAM_USER_TYPES = List.of("CLOUD_IAM_SERVICE_ACCOUNT", "CLOUD_IAM_USER",
            "CLOUD_IAM_GROUP");
    private static final Pattern PER_KEY_LOCAL = Pattern.compile("^\\$\\{local\\.(\\w+)\\[each\\.key]}$");

    private final TerraformModel model;
    private final Set<String> services;

    CloudSqlInvariants(TerraformModel model, Set<String> services) {
        this.model = model;
        this.services = services;
    }

    List<Problem> check() {
        List<Problem> problems = new ArrayList<>();
        if (model.module(DATABASE_MODULE).isEmpty()) {
            problems.add(new Problem(CHECK, model.root().toString(), "no " + DATABASE_MODULE
                    + ": the services' state store is not declared"));
        }
        for (TerraformModule module : model.modules().values()) {
            List<Block> calls = callsOf(module);
            module.resources(INSTANCE).forEach((name, instance) -> calls.forEach(call -> new InstanceSettings(
                    module, call, instance.file() + " " + INSTANCE + "." + name, instance.body(), problems).check()));
            module.resources(USER).forEach((name, user) -> calls.forEach(call -> iamOnly(module, call,
                    user.file() + " " + USER + "." + name, user.body(), problems)));
        }
        model.module(DATABASE_MODULE).ifPresent(database -> problems.addAll(serviceAccess(database)));
        for (TerraformModule env : model.environments()) {
            Map<String, Block> calls = ModuleInputs.calls(model, env, DATABASE_MODULE);
            if (calls.isEmpty()) {
                problems.add(new Problem(CHECK, env.dir(), "declares no state store (" + DATABASE_MODULE + ")"));
            }
            calls.forEach((name, call) -> problems.addAll(everyServiceHasAUser(call.file() + " module." + name, call)));
        }
        return problems;
    }

    /** The calls whose values a module's resources are checked with; a module no environment calls, with defaults. */
    private List<Block> callsOf(TerraformModule module) {
        List<Block> calls = new ArrayList<>();
        model.environments().forEach(env -> calls.addAll(ModuleInputs.calls(model, env, module.dir()).values()));
        if (calls.isEmpty()) {
            calls.add(null);
        }
        return calls;
    }

    private static void iamOnly(TerraformModule module, Block call, String where, JsonNode user, List<Problem> into) {
        for (String password : List.of("password", "password_wo")) {
            if (user.has(password)) {
                into.add(new Problem(CHECK, where, "has a " + password + ": users log in with IAM only"));
            }
        }
        String type = Hcl.literalString(ModuleInputs.resolve(module, call, user.get("type"))).orElse("BUILT_IN");
        if (!IAM_USER_TYPES.contains(type)) {
            into.add(new Problem(CHECK, where, "type is " + type + ", a password user: use " + IAM_USER_TYPES));
        }
    }

    /**
     * The module gives each of its service accounts a database user named after the account (its email without
     * .gserviceaccount.com, as Cloud SQL names IAM service account users) and the two client roles, conditioned on
     * this instance.
     */
    private List<Problem> serviceAccess(TerraformModule database) {
        List<Problem> problems = new ArrayList<>();
        boolean users = database.resources(USER).values().stream().anyMatch(u -> perServiceAccount(u.body())
                && Hcl.literalString(u.body().get("type")).filter("CLOUD_IAM_SERVICE_ACCOUNT"::equals).isPresent()
                && namedAfterAccount(database, u.body().get("name")));
        if (!users) {
            problems.add(new Problem(CHECK, database.dir(), "no database user per service account (" + USER
                    + " for_each var.service_accounts, type CLOUD_IAM_SERVICE_ACCOUNT, named the email without "
                    + ".gserviceaccount.com)"));
        }
        for (String role : RuntimeAccountRoles.CLOUD_SQL_CLIENT) {
            Optional<Block> grant = database.resources().entrySet().stream()
                    .filter(e -> e.getKey().contains("_iam_member")).flatMap(e -> e.getValue().values().stream())
                    .filter(b -> Hcl.literalString(b.body().get("role")).filter(role::equals).isPresent()
                            && perServiceAccount(b.body())
                            && Hcl.mentions(b.body().get("member"), "serviceAccount:${each.value}"))
                    .findFirst();
            if (grant.isEmpty()) {
                problems.add(new Problem(CHECK, database.dir(), role + " is not granted to each service account"));
            } else if (!onThisInstance(database, grant.get().body())) {
                problems.add(new Problem(CHECK, grant.get().file(), role + " must be conditioned on the instance "
                        + "(resource.name ... instances/${var.instance_name}), not granted on every instance"));
            }
        }
        return problems;
    }

    private static boolean perServiceAccount(JsonNode body) {
        return Hcl.mentions(body.get("for_each"), "var.service_accounts");
    }

    private static boolean namedAfterAccount(TerraformModule database, JsonNode name) {
        String text = Hcl.normalized(name);
        Matcher local = PER_KEY_LOCAL.matcher(text);
        if (local.matches() && database.locals().containsKey(local.group(1))) {
            text = Hcl.normalized(database.locals().get(local.group(1)).body());
        }
        return text.contains("trimsuffix(") && text.contains(".gserviceaccount.com");
    }

    private static boolean onThisInstance(TerraformModule database, JsonNode grant) {
        return Hcl.nestedBlock(grant, "condition")
                .map(c -> ModuleInputs.expandLocal(database, c.get("expression")))
                .filter(e -> e.contains("instances/${var.instance_name}")).isPresent();
    }

    /** The environment's service_accounts map names every Rebound service's runtime account. */
    private List<Problem> everyServiceHasAUser(String where, Block call) {
        List<Problem> problems = new ArrayList<>();
        JsonNode accounts = call.body().get("service_accounts");
        if (accounts == null || !accounts.isObject()) {
            problems.add(new Problem(CHECK, where, "service_accounts must be a literal map keyed by service"));
            return problems;
        }
        for (String service : services) {
            JsonNode account = accounts.get(service);
            if (account == null) {
                problems.add(new Problem(CHECK, where, service + " has no database user and no "
                        + "roles/cloudsql.client: it is not in service_accounts"));
            } else if (!Hcl.mentions(account, RuntimeAccountRoles.RUNTIME_ACCOUNT + "\"" + service + "\"]")) {
                problems.add(new Problem(CHECK, where, service + "'s database user is " + account.asText()
                        + ", not its runtime account"));
            }
        }
        return problems;
    }
}
