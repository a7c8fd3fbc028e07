package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rebound.infracheck.TerraformModule.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Cloud Run manifests against the state store Terraform declares: every service connects through the Cloud SQL
 * Java connector to that instance and database as its own IAM database user, over the private address through
 * Direct VPC egress into that network when the instance has no public one, carries no password, and all of them
 * together fit in the instance's max_connections ({@link ConnectionBudget}).
 */
final class DatabaseDeployment {

    static final String CHECK = "database-deployment";
    static final String NETWORK_MODULE = "modules/private-network";
    static final String NETWORK_INTERFACES = "run.googleapis.com/network-interfaces";
    static final String VPC_EGRESS = "run.googleapis.com/vpc-access-egress";
    private static final List<String> EGRESS_SETTINGS = List.of("private-ranges-only", "all-traffic");
    private static final Pattern PASSWORD = Pattern.compile("(?i).*(PASSWORD|PASSWD|PWD|PASSPHRASE).*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final TerraformModel model;
    private final Path deployDir;
    private final ConnectionBudget budget;

    DatabaseDeployment(TerraformModel model, Path deployDir, Path repositoryRoot) {
        this.model = model;
        this.deployDir = deployDir;
        this.budget = new ConnectionBudget(repositoryRoot);
    }

    /** Every problem of the manifests of {@code services} with every environment's state store. */
    List<Problem> check(Collection<String> services) {
        List<Problem> problems = new ArrayList<>();
        Optional<TerraformModule> database = model.module(CloudSqlInvariants.DATABASE_MODULE);
        Optional<JsonNode> instance = database.flatMap(d -> d.resources(CloudSqlInvariants.INSTANCE).values().stream()
                .findFirst()).map(Block::body);
        if (database.isEmpty() || instance.isEmpty()) {
            problems.add(new Problem(CHECK, model.root().toString(), "no Cloud SQL instance in "
                    + CloudSqlInvariants.DATABASE_MODULE + " to check the manifests against"));
            return problems;
        }
        for (TerraformModule env : model.environments()) {
            ModuleInputs.calls(model, env, CloudSqlInvariants.DATABASE_MODULE).forEach((name, call) ->
                    problems.addAll(against(env, database.get(), call, instance.get(), services)));
        }
        return problems;
    }

    private List<Problem> against(TerraformModule environment, TerraformModule database, Block call,
            JsonNode instance, Collection<String> services) {
        List<Problem> problems = new ArrayList<>();
        String instanceName = literal(database, call, "instance_name");
        String databaseName = literal(database, call, "database_name");
        boolean publicAddress = InstanceSettings.publicAddress(database, call, instance);
        Optional<Integer> maxConnections = InstanceSettings.maxConnections(database, call, instance);
        Optional<Network> network = network(environment);
        if (!publicAddress && network.isEmpty()) {
            problems.add(new Problem(CHECK, environment.dir(), "the state store has only a private address, but no "
                    + NETWORK_MODULE + " call names the network the services reach it through"));
        }
        List<ConnectionBudget.Share> shares = new ArrayList<>();
        for (String service : services) {
            Path file = deployDir.resolve(service + CloudRunManifests.SUFFIX);
            String where = file.getFileName().toString();
            JsonNode manifest;
            try {
                manifest = YAML.readTree(file.toFile());
            } catch (IOException e) {
                problems.add(new Problem(CHECK, where, "cannot be read: " + e.getMessage()));
                continue;
            }
            Map<String, String> env = environment(manifest, service);
            String account = manifest.at("/spec/template/spec/serviceAccountName").asText("");
            expect(problems, where, env, "REBOUND_CLOUD_SQL_INSTANCE", "${PROJECT_ID}:${REGION}:" + instanceName);
            expect(problems, where, env, "REBOUND_DB_NAME", databaseName);
            expect(problems, where, env, "REBOUND_DB_USER", account.replaceFirst("\\.gserviceaccount\\.com$", ""));
            expect(problems, where, env, "REBOUND_CLOUD_SQL_IP_TYPES", publicAddress ? "PUBLIC" : "PRIVATE");
            env.keySet().stream().filter(n -> PASSWORD.matcher(n).matches()).forEach(n -> problems.add(new Problem(
                    CHECK, where, "env " + n + " carries a password: the services log in with IAM only")));
            JsonNode annotations = manifest.at("/spec/template/metadata/annotations");
            if (!publicAddress) {
                network.ifPresent(n -> problems.addAll(privateEgress(n, where, annotations)));
            }
            int maxScale = annotations.path("autoscaling.knative.dev/maxScale").asInt(-1);
            Optional<ConnectionBudget.Share> share = maxScale < 0 ? Optional.empty()
                    : budget.share(service, maxScale, env);
            if (share.isEmpty()) {
                problems.add(new Problem(ConnectionBudget.CHECK, where, "no numeric maxScale or pool size ("
                        + ConnectionBudget.POOL_KEY + ") to count its connections"));
            } else {
                shares.add(share.get());
            }
        }
        if (maxConnections.isEmpty()) {
            problems.add(new Problem(ConnectionBudget.CHECK, environment.dir(),
                    "the state store has no literal max_connections"));
        } else {
            problems.addAll(ConnectionBudget.check(environment.dir(), shares, maxConnections.get()));
        }
        return problems;
    }

    /** The VPC and subnet the services' Direct VPC egress uses, as an environment's network module call names them. */
    record Network(String network, String subnetwork) {
    }

    private Optional<Network> network(TerraformModule env) {
        Optional<TerraformModule> module = model.module(NETWORK_MODULE);
        return module.flatMap(m -> ModuleInputs.calls(model, env, NETWORK_MODULE).values().stream().findFirst()
                .map(call -> new Network(literal(m, call, "network_name"), literal(m, call, "run_subnet_name"))));
    }

    private static List<Problem> privateEgress(Network network, String where, JsonNode annotations) {
        List<Problem> problems = new ArrayList<>();
        String expected = "[{\"network\":\"" + network.network() + "\",\"subnetwork\":\"" + network.subnetwork()
                + "\"}]";
        String interfaces = annotations.path(NETWORK_INTERFACES).asText("");
        boolean matches;
        try {
            JsonNode parsed = YAML.readTree(interfaces.isBlank() ? "[]" : interfaces);
            matches = parsed.isArray() && parsed.size() == 1
                    && parsed.get(0).path("network").asText().equals(network.network())
                    && parsed.get(0).path("subnetwork").asText().equals(network.subnetwork());
        } catch (IOException e) {
            matches = false;
        }
        if (!matches) {
            problems.add(new Problem(CHECK, where, "the instance has only a private address: " + NETWORK_INTERFACES
                    + " must be '" + expected + "' (Direct VPC egress into infra/'s network), found '" + interfaces
                    + "'"));
        }
        String egress = annotations.path(VPC_EGRESS).asText("");
        if (!EGRESS_SETTINGS.contains(egress)) {
            problems.add(new Problem(CHECK, where, VPC_EGRESS + " must be one of " + EGRESS_SETTINGS + ", found '"
                    + egress + "'"));
        }
        return problems;
    }

    private static Map<String, String> environment(JsonNode manifest, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode container : manifest.at("/spec/template/spec/containers")) {
            if (service.equals(container.path("name").asText())) {
                container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
            }
        }
        return env;
    }

    private static String literal(TerraformModule module, Block call, String variable) {
        return Hcl.literalString(ModuleInputs.argument(module, call, variable)).orElse(null);
    }

    private static void expect(List<Problem> problems, String where, Map<String, String> env, String name,
            String expected) {
        if (!env.containsKey(name)) {
            problems.add(new Problem(CHECK, where, "env " + name + " is missing: the service cannot reach the state store"));
        } else if (!expected.equals(env.get(name))) {
            problems.add(new Problem(CHECK, where, "env " + name + " must be '" + expected + "', found '"
                    + env.get(name) + "'"));
        }
    }
}
