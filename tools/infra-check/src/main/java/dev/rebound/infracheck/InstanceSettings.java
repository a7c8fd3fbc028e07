package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Cloud SQL instance's settings, with the values one call of its module gives them: where it can be reached
 * from, how it is backed up, whether it can be deleted, how users log in, and that it declares max_connections.
 */
final class InstanceSettings {

    static final String IAM_AUTHENTICATION = "cloudsql.iam_authentication";
    static final String MAX_CONNECTIONS = "max_connections";
    private static final String ANYWHERE = "0.0.0.0/0";

    private final TerraformModule module;
    private final Block call;
    private final String where;
    private final JsonNode instance;
    private final List<Problem> problems;

    InstanceSettings(TerraformModule module, Block call, String where, JsonNode instance, List<Problem> problems) {
        this.module = module;
        this.call = call;
        this.where = where;
        this.instance = instance;
        this.problems = problems;
    }

    void check() {
        if (!Hcl.literalString(value(instance, "database_version")).filter(CloudSqlInvariants.DATABASE_VERSION::equals)
                .isPresent()) {
            problem("database_version must be " + CloudSqlInvariants.DATABASE_VERSION
                    + ", the major version the local server and the tests run");
        }
        if (!isTrue(value(instance, "deletion_protection"))) {
            problem("deletion_protection must be true: terraform could destroy the state store");
        }
        JsonNode settings = Hcl.nestedBlock(instance, "settings").orElse(MissingNode.getInstance());
        if (!isTrue(value(settings, "deletion_protection_enabled"))) {
            problem("settings.deletion_protection_enabled must be true: the Cloud SQL API could delete the state store");
        }
        JsonNode backups = Hcl.nestedBlock(settings, "backup_configuration").orElse(MissingNode.getInstance());
        if (!isTrue(value(backups, "enabled"))) {
            problem("automated backups are off (backup_configuration.enabled must be true)");
        }
        if (!isTrue(value(backups, "point_in_time_recovery_enabled"))) {
            problem("point-in-time recovery is off (backup_configuration.point_in_time_recovery_enabled must be true)");
        }
        reachability(Hcl.nestedBlock(settings, "ip_configuration").orElse(MissingNode.getInstance()));
        List<JsonNode> flags = flagsOf(settings);
        if (flag(flags, IAM_AUTHENTICATION).filter("on"::equals).isEmpty()) {
            problem("IAM database authentication is off (database flag " + IAM_AUTHENTICATION + " must be on)");
        }
        if (maxConnections(module, call, instance).isEmpty()) {
            problem("has no literal " + MAX_CONNECTIONS + " flag: the services' connection pools are sized against it");
        }
    }

    /**
     * The instance's max_connections flag as one call of its module sets it (a literal, or a variable the call
     * passes literally), if any.
     */
    static Optional<Integer> maxConnections(TerraformModule module, Block call, JsonNode instance) {
        JsonNode settings = Hcl.nestedBlock(instance, "settings").orElse(MissingNode.getInstance());
        for (JsonNode f : flagsOf(settings)) {
            if (Hcl.literalString(f.get("name")).filter(MAX_CONNECTIONS::equals).isPresent()) {
                return ModuleInputs.literalNumber(ModuleInputs.resolve(module, call, f.get("value")));
            }
        }
        return Optional.empty();
    }

    /** Whether one call gives the instance a public address (Cloud SQL's default when ipv4_enabled is not false). */
    static boolean publicAddress(TerraformModule module, Block call, JsonNode instance) {
        JsonNode settings = Hcl.nestedBlock(instance, "settings").orElse(MissingNode.getInstance());
        JsonNode ip = Hcl.nestedBlock(settings, "ip_configuration").orElse(MissingNode.getInstance());
        JsonNode ipv4 = ModuleInputs.resolve(module, call, ip.get("ipv4_enabled"));
        return !(ipv4 != null && ipv4.isBoolean() && !ipv4.asBoolean());
    }

    private void reachability(JsonNode ip) {
        List<JsonNode> networks = new ArrayList<>();
        JsonNode declared = ip.get("authorized_networks");
        if (declared != null && declared.isArray()) {
            declared.forEach(networks::add);
        }
        if (Hcl.dynamicForEach(ip, "authorized_networks").isPresent()) {
            JsonNode generated = Hcl.body(Hcl.attr(Hcl.attr(ip, "dynamic").get("authorized_networks"), "content"));
            networks.add(generated == null ? MissingNode.getInstance() : generated);
        }
        for (JsonNode network : networks) {
            if (Hcl.normalized(ModuleInputs.resolve(module, call, network.get("value"))).contains(ANYWHERE)) {
                problem("authorized network " + ANYWHERE + " opens the database to the whole internet");
            }
        }
        if (publicAddress(module, call, instance)) {
            if (!networks.isEmpty()) {
                problem("has a public IP with authorized networks: a public address must be reachable through the "
                        + "Cloud SQL connector only (no authorized_networks)");
            }
        } else if (ModuleInputs.resolve(module, call, ip.get("private_network")) == null) {
            problem("has no public IP and no private_network: nothing can reach it");
        }
    }

    private static List<JsonNode> flagsOf(JsonNode settings) {
        List<JsonNode> flags = new ArrayList<>();
        JsonNode declared = settings.get("database_flags");
        if (declared != null && declared.isArray()) {
            declared.forEach(flags::add);
        }
        return flags;
    }

    private Optional<String> flag(List<JsonNode> flags, String name) {
        return flags.stream().filter(f -> Hcl.literalString(f.get("name")).filter(name::equals).isPresent())
                .findFirst().flatMap(f -> Hcl.literalString(value(f, "value")));
    }

    private JsonNode value(JsonNode block, String attribute) {
        return ModuleInputs.resolve(module, call, block.get(attribute));
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.asBoolean();
    }

    private void problem(String message) {
        problems.add(new Problem(CloudSqlInvariants.CHECK, where, message));
    }
}
