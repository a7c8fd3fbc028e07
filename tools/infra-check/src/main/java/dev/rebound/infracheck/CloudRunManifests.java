package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Cloud Run manifests in {@code deploy/}: one Knative service per Rebound service, never invocable without
 * IAM, reachable by the operators' CLI, probed on the SmallRye Health endpoints, running as its runtime account
 * with the production profile, and accepting each kind of caller only from its own account with the audience
 * Terraform gives its subscriptions and jobs.
 */
public final class CloudRunManifests {

    public static final String SUFFIX = ".service.yaml";
    /**
     * The operators' CLI calls the run.app URL from wherever the on-call engineer is; IAM (run.invoker) keeps
     * everyone else out before the container, and the service checks the token again.
     */
    static final String INGRESS = "all";
    /** The account the operators group impersonates to call the operator API (infra/: rb-operator). */
    static final String OPERATOR_ACCOUNT = "rb-operator@${PROJECT_ID}.iam.gserviceaccount.com";
    static final String COLLECTOR = "collector";
    static final String COLLECTOR_IMAGE = "us-docker.pkg.dev/cloud-ops-agents-artifacts/cloud-run-gmp-sidecar/cloud-run-gmp-sidecar:";
    static final String CONFIG_SECRET = "rebound-run-monitoring";
    static final String CONFIG_MOUNT = "/etc/rungmp/";
    static final String CONFIG_FILE = "run-monitoring.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path dir;

    public CloudRunManifests(Path dir) {
        this.dir = dir;
    }

    /** Every problem of the manifests for {@code services} (and any manifest for a service not in it). */
    public List<Problem> check(Collection<String> services) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> manifests = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(f -> manifests.put(
                    f.getFileName().toString().substring(0, f.getFileName().toString().length() - SUFFIX.length()), f));
        } catch (IOException e) {
            problems.add(new Problem("manifest", dir.toString(), "cannot list: " + e.getMessage()));
            return problems;
        }
        for (String service : services) {
            Path file = manifests.remove(service);
            if (file == null) {
                problems.add(new Problem("manifest", dir.toString(), "no " + service + SUFFIX));
            } else {
                problems.addAll(checkOne(service, file));
            }
        }
        manifests.forEach((name, file) -> problems.add(new Problem("manifest", file.getFileName().toString(),
                name + " is not a Rebound service")));
        return problems;
    }

    private List<Problem> checkOne(String service, Path file) {
        List<Problem> problems = new ArrayList<>();
        String where = file.getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(new Problem("manifest", where, "is not valid YAML: " + e.getMessage()));
            return problems;
        }
        Checker c = new Checker(problems, where);
        c.equal(root.at("/apiVersion"), "serving.knative.dev/v1", "apiVersion");
        c.equal(root.at("/kind"), "Service", "kind");
        c.equal(root.at("/metadata/name"), service, "metadata.name");
        c.equal(root.at("/metadata/annotations/run.googleapis.com~1ingress"), INGRESS, "ingress annotation");
        JsonNode annotations = root.at("/spec/template/metadata/annotations");
        if (annotations.path("run.googleapis.com/invoker-iam-disabled").asText().equals("true")) {
            problems.add(new Problem("manifest", where, "invoker-iam-disabled makes the service public"));
        }
        c.present(annotations.path("autoscaling.knative.dev/minScale"), "minScale annotation");
        c.present(annotations.path("autoscaling.knative.dev/maxScale"), "maxScale annotation");
        JsonNode spec = root.at("/spec/template/spec");
        c.present(spec.path("containerConcurrency"), "containerConcurrency");
        c.startsWith(spec.path("serviceAccountName"), "rb-" + service + "@", "serviceAccountName");
        JsonNode containers = spec.path("containers");
        JsonNode container = named(containers, service);
        JsonNode collector = named(containers, COLLECTOR);
        if (!containers.isArray() || containers.size() != 2 || container == null || collector == null) {
            problems.add(new Problem("manifest", where, "must have exactly two containers: '" + service
                    + "' and the metrics sidecar '" + COLLECTOR + "'"));
            return problems;
        }
        checkMetricsSidecar(c, service, annotations, spec, container, collector);
        c.present(container.path("image"), "image");
        c.present(container.at("/resources/limits/cpu"), "cpu limit");
        c.present(container.at("/resources/limits/memory"), "memory limit");
        String startup = container.at("/startupProbe/httpGet/path").asText("");
        if (!Set.of("/q/health/started", "/q/health/ready").contains(startup)) {
            problems.add(new Problem("manifest", where, "startupProbe must GET /q/health/started or /q/health/ready, found '"
                    + startup + "'"));
        }
        c.equal(container.at("/livenessProbe/httpGet/path"), "/q/health/live", "livenessProbe path");
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        c.env(env, "QUARKUS_PROFILE", "prod");
        c.env(env, "REBOUND_SERVICE_NAME", service);
        c.env(env, "REBOUND_PUBSUB_PROJECT_ID", "${PROJECT_ID}");
        c.env(env, "REBOUND_WAREHOUSE_KIND", "bigquery");
        c.env(env, "REBOUND_WAREHOUSE_BIGQUERY_PROJECT_ID", "${PROJECT_ID}");
        c.env(env, "REBOUND_HTTP_AUTH_ENABLED", "true");
        // The same URL Terraform uses as push endpoint base and OIDC audience (infra/envs/*/main.tf service_urls),
        // and the operators' CLI mints its tokens for.
        c.env(env, "REBOUND_HTTP_AUTH_AUDIENCE", "https://" + service + "-${PROJECT_NUMBER}.${REGION}.run.app");
        // Pushes come from the service's push account, periodic calls from Cloud Scheduler's, operator calls from
        // the account the operators group impersonates: each endpoint accepts only its own.
        c.env(env, "REBOUND_HTTP_AUTH_PUSH_ACCOUNTS", "rb-" + service + "-push@${PROJECT_ID}.iam.gserviceaccount.com");
        c.env(env, "REBOUND_HTTP_AUTH_SCHEDULER_ACCOUNTS", "rb-scheduler@${PROJECT_ID}.iam.gserviceaccount.com");
        c.env(env, "REBOUND_HTTP_AUTH_OPERATOR_ACCOUNTS", OPERATOR_ACCOUNT);
        return problems;
    }

    private static JsonNode named(JsonNode containers, String name) {
        for (JsonNode container : containers) {
            if (name.equals(container.path("name").asText())) {
                return container;
            }
        }
        return null;
    }

    /**
     * The Managed Service for Prometheus sidecar: Google's image, started after the service, reading the scrape
     * configuration from the secret Terraform keeps (infra/envs/prod/metrics.tf), which must scrape this service's
     * serving port at /q/metrics.
     */
    private void checkMetricsSidecar(Checker c, String service, JsonNode annotations, JsonNode spec, JsonNode container,
            JsonNode collector) {
        c.startsWith(collector.path("image"), COLLECTOR_IMAGE, "image of the metrics sidecar");
        String dependencies = annotations.path("run.googleapis.com/container-dependencies").asText("");
        try {
            JsonNode parsed = YAML.readTree(dependencies.isBlank() ? "{}" : dependencies);
            if (!parsed.path(COLLECTOR).isArray() || parsed.path(COLLECTOR).size() != 1
                    || !service.equals(parsed.path(COLLECTOR).get(0).asText())) {
                c.problems().add(new Problem("manifest", c.where(), "container-dependencies annotation must start '"
                        + COLLECTOR + "' after '" + service + "', found '" + dependencies + "'"));
            }
        } catch (IOException e) {
            c.problems().add(new Problem("manifest", c.where(), "container-dependencies annotation is not JSON: "
                    + e.getMessage()));
        }
        String volume = null;
        for (JsonNode mount : collector.path("volumeMounts")) {
            if (CONFIG_MOUNT.equals(mount.path("mountPath").asText())) {
                volume = mount.path("name").asText();
            }
        }
        JsonNode secret = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                secret = v.path("secret");
            }
        }
        if (volume == null || secret == null || !CONFIG_SECRET.equals(secret.path("secretName").asText())
                || !secret.path("items").toString().contains("\"path\":\"config.yaml\"")) {
            c.problems().add(new Problem("manifest", c.where(), "the metrics sidecar must mount the secret '"
                    + CONFIG_SECRET + "' as config.yaml at " + CONFIG_MOUNT));
        }
        Path config = dir.resolve(CONFIG_FILE);
        try {
            JsonNode endpoints = YAML.readTree(config.toFile()).at("/spec/endpoints");
            int port = container.at("/ports/0/containerPort").asInt(-1);
            boolean scraped = false;
            for (JsonNode endpoint : endpoints) {
                scraped |= endpoint.path("port").asInt() == port && "/q/metrics".equals(endpoint.path("path").asText());
            }
            if (!scraped) {
                c.problems().add(new Problem("manifest", c.where(), CONFIG_FILE + " does not scrape /q/metrics on port "
                        + port));
            }
        } catch (IOException e) {
            c.problems().add(new Problem("manifest", c.where(), "cannot read " + CONFIG_FILE + ": " + e.getMessage()));
        }
    }

    private record Checker(List<Problem> problems, String where) {

        void equal(JsonNode node, String expected, String what) {
            if (!expected.equals(node.asText(null))) {
                problems.add(new Problem("manifest", where, what + " must be '" + expected + "', found '"
                        + (node.isMissingNode() ? "nothing" : node.asText()) + "'"));
            }
        }

        void present(JsonNode node, String what) {
            if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
                problems.add(new Problem("manifest", where, "has no " + what));
            }
        }

        void startsWith(JsonNode node, String prefix, String what) {
            if (!node.asText("").startsWith(prefix)) {
                problems.add(new Problem("manifest", where, what + " must start with '" + prefix + "', found '"
                        + node.asText("") + "'"));
            }
        }

        void env(Map<String, String> env, String name, String expected) {
            if (!env.containsKey(name)) {
                problems.add(new Problem("manifest", where, "env " + name + " is missing"));
            } else if (!expected.equals(env.get(name))) {
                problems.add(new Problem("manifest", where, "env " + name + " must be '" + expected + "', found '"
                        + env.get(name) + "'"));
            }
        }
    }
}
