package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.events.catalog.TopicCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudRunManifestsTest {

    @TempDir
    Path tmp;

    /** The services the catalog and the scheduler job list name: each needs a manifest. */
    static Set<String> services() {
        Set<String> services = new TreeSet<>();
        TopicCatalog.load().bindings().stream().filter(b -> b.subscription().delivery() == TopicCatalog.Delivery.push)
                .forEach(b -> services.add(b.subscription().consumer()));
        SchedulerJobs.load().jobs().forEach(j -> services.add(j.service()));
        return services;
    }

    @Test
    void everyServiceHasAValidManifest() {
        assertThat(services()).hasSize(4);
        assertThat(new CloudRunManifests(Infra.deployDir()).check(services())).isEmpty();
    }

    @Test
    void aBrokenManifestIsFound() throws IOException {
        Path deploy = Infra.copyOfDeploy(tmp);
        Path manifest = deploy.resolve("heartbeat-tracker.service.yaml");
        Infra.edit(manifest, "run.googleapis.com/ingress: all", "run.googleapis.com/ingress: internal");
        Infra.edit(manifest, "autoscaling.knative.dev/maxScale: \"3\"", "autoscaling.knative.dev/maxScale: \"\"");
        Infra.edit(manifest, "path: /q/health/live", "path: /healthz");
        Infra.edit(manifest, "            - name: REBOUND_HTTP_AUTH_ENABLED\n              value: \"true\"\n", "");
        Infra.edit(manifest, "              value: rb-operator@${PROJECT_ID}.iam.gserviceaccount.com",
                "              value: someone@example.com");
        Infra.edit(manifest, "'{\"collector\":[\"heartbeat-tracker\"]}'", "'{\"collector\":[]}'");
        Infra.edit(manifest, "secretName: rebound-run-monitoring", "secretName: some-other-secret");

        assertThat(messages(new CloudRunManifests(deploy).check(services()))).containsExactlyInAnyOrder(
                "ingress annotation must be 'all', found 'internal'",
                "has no maxScale annotation",
                "livenessProbe path must be '/q/health/live', found '/healthz'",
                "env REBOUND_HTTP_AUTH_ENABLED is missing",
                "env REBOUND_HTTP_AUTH_OPERATOR_ACCOUNTS must be 'rb-operator@${PROJECT_ID}.iam.gserviceaccount.com', "
                        + "found 'someone@example.com'",
                "container-dependencies annotation must start 'collector' after 'heartbeat-tracker', found '{\"collector\":[]}'",
                "the metrics sidecar must mount the secret 'rebound-run-monitoring' as config.yaml at /etc/rungmp/");
    }

    @Test
    void aServiceWithoutTheMetricsSidecarOrAScrapeOfItsPortIsFound() throws IOException {
        Path deploy = Infra.copyOfDeploy(tmp);
        Path manifest = deploy.resolve("coverage-monitor.service.yaml");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.substring(0, text.indexOf("        # Google's Managed Service for Prometheus")));
        Infra.edit(deploy.resolve("run-monitoring.yaml"), "path: /q/metrics", "path: /metrics");

        List<String> found = messages(new CloudRunManifests(deploy).check(services()));

        assertThat(found).contains("must have exactly two containers: 'coverage-monitor' and the metrics sidecar 'collector'");
        assertThat(found).filteredOn(m -> m.equals("run-monitoring.yaml does not scrape /q/metrics on port 8080"))
                .hasSize(3);
    }

    @Test
    void aMissingOrUnparsableManifestIsFound() throws IOException {
        Path deploy = Infra.copyOfDeploy(tmp);
        Files.delete(deploy.resolve("roster-watcher.service.yaml"));
        Files.writeString(deploy.resolve("coverage-monitor.service.yaml"), "spec: [unclosed\n");

        List<Problem> problems = new CloudRunManifests(deploy).check(services());

        assertThat(problems).hasSize(2);
        assertThat(messages(problems)).contains("no roster-watcher.service.yaml")
                .anyMatch(m -> m.startsWith("is not valid YAML"));
    }

    @Test
    void theDeployScriptFillsEveryPlaceholder() throws Exception {
        assumeTrue(onPath("envsubst"), "envsubst (Debian package gettext-base) is not installed: deploy.sh render not run");
        Path out = tmp.resolve("rendered");
        ProcessBuilder pb = new ProcessBuilder("bash", Infra.deployDir().resolve("deploy.sh").toString(), "render")
                .redirectErrorStream(true);
        pb.environment().put("PROJECT_ID", "demo-project");
        pb.environment().put("PROJECT_NUMBER", "123456789");
        pb.environment().put("REGION", "europe-west1");
        pb.environment().put("TAG", "t1");
        pb.environment().put("RENDERED", out.toString());
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        for (String service : services()) {
            String rendered = Files.readString(out.resolve(service + CloudRunManifests.SUFFIX));
            assertThat(rendered).doesNotContain("${")
                    .contains("image: europe-west1-docker.pkg.dev/demo-project/rebound/" + service + ":t1")
                    .contains("value: https://" + service + "-123456789.europe-west1.run.app")
                    .contains("value: demo-project:europe-west1:rebound");
            assertThat(Files.readString(out.resolve("cloudsql-bootstrap.sql"))).doesNotContain("${")
                    .contains("GRANT CONNECT, CREATE ON DATABASE rebound TO \"rb-" + service + "@demo-project.iam\";");
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
