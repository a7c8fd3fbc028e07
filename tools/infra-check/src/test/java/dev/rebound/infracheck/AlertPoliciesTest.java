package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paging in infra/: the real policies hold, and each way of breaking one is found. */
class AlertPoliciesTest {

    private static final String ALERTS = "modules/monitoring-alerts/main.tf";

    @TempDir
    Path tmp;

    @Test
    void theRealPoliciesAreDocumentedNotifyAndCoverEveryIncidentClassOnce() {
        InfraInvariants invariants = Infra.invariants(Infra.real());

        assertThat(invariants.alerting()).isEmpty();
        Map<String, Long> perClass = AlertPolicies.INCIDENT_CLASSES.stream().collect(Collectors.toMap(
                AlertPolicies.IncidentClass::name,
                c -> Infra.real().module("modules/monitoring-alerts").orElseThrow()
                        .resources(AlertPolicies.POLICY).values().stream()
                        .filter(b -> java.util.stream.Stream.concat(c.ceTypes().stream(), c.metrics().stream())
                                .anyMatch(b.body().toString()::contains))
                        .count()));
        assertThat(perClass).containsOnlyKeys("incident", "quarantine", "outbox-stalled", "heartbeat-stream-stalled", "dead-letter",
                "daily-summary").allSatisfy((c, n) -> assertThat(n).as(c).isEqualTo(1));
    }

    @Test
    void aMisspelledCeTypeIsNotInTheCatalogAndLeavesEscalationsUnpaged() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS), "\"pipeline.incident.escalated.v1\") AND",
                "\"pipeline.incident.escalatd.v1\") AND");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactlyInAnyOrder(
                "filter names ce-type pipeline.incident.escalatd.v1, which is not in the topic catalog",
                "incident policy does not match ce-type pipeline.incident.escalated.v1");
    }

    @Test
    void aPolicyThatPagesOnEveryStuckAlertInsteadOfItsIncidentIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS), "(\"pipeline.incident.opened.v1\" OR",
                "(\"pipeline.incident.opened.v1\" OR \"pipeline.processor.stuck.v1\" OR");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactly(
                "pages on every pipeline.processor.stuck.v1: alerts page through their incident "
                        + "(pipeline.incident.escalated.v1 or pipeline.incident.opened.v1), once per root cause");
    }

    @Test
    void anOutboxPolicyOnAMetricNoServiceExportsLeavesStalledOutboxesUnpaged() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS), "prometheus.googleapis.com/rebound_outbox_oldest_age_seconds/gauge",
                "prometheus.googleapis.com/rebound_outbox_age_seconds/gauge");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactly(
                "no alert policy pages for outbox-stalled (metric "
                        + "prometheus.googleapis.com/rebound_outbox_oldest_age_seconds/gauge)");
    }

    @Test
    void aFilterOnTheOldMdcFieldsOrOnALabelNobodyWritesIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS), "labels.ce_type=(\"pipeline.incident.opened.v1\"",
                "jsonPayload.mdc.ce_type=(\"pipeline.incident.opened.v1\"");
        Infra.edit(infra.resolve(ALERTS), "ce_type        = \"EXTRACT(labels.ce_type)\"",
                "ce_type        = \"EXTRACT(labels.game)\"");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactlyInAnyOrder(
                "names jsonPayload.mdc, which the services' log entries do not have (labels: [ce_type, "
                        + "correlation_id, data_date, game_id, processor, service]; jsonPayload: [logger, message, "
                        + "stack_trace, thread])",
                "no alert policy pages for incident (ce-type pipeline.incident.escalated.v1 and "
                        + "pipeline.incident.opened.v1)",
                "names labels.game, which the services' log entries do not have (labels: [ce_type, correlation_id, "
                        + "data_date, game_id, processor, service]; jsonPayload: [logger, message, stack_trace, thread])");
    }

    @Test
    void theLabelsTheCheckAllowsAreTheLabelsTheServicesWrite() {
        assertThat(AlertPolicies.LOG_LABELS).containsExactlyInAnyOrderElementsOf(
                dev.rebound.runtime.observability.CloudLoggingFormatter.LABEL_NAMES);
    }

    @Test
    void aPolicyWithoutDocumentationIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS),
                "  documentation {\n    subject   = \"[CRITICAL] Rebound: $${log.extracted_label.message}",
                "  dontcare {\n    subject   = \"[CRITICAL] Rebound: $${log.extracted_label.message}");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactlyInAnyOrder(
                "has no documentation content: the person paged is not told what to do",
                "incident documentation must link docs/runbook.md#incident");
    }

    @Test
    void documentationWithoutARunbookLinkIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS),
                "Runbook: [docs/runbook.md#quarantine](${local.docs_url}/runbook.md#quarantine) ·\n"
                        + "      [docs/operations.md](${local.docs_url}/operations.md)",
                "Ask around.");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactlyInAnyOrder(
                "documentation links to neither docs/runbook.md nor docs/operations.md",
                "quarantine documentation must link docs/runbook.md#quarantine");
    }

    @Test
    void aPolicyThatNotifiesNobodyOrAHardCodedChannelIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Path alerts = infra.resolve(ALERTS);
        String incident = "  notification_channels = local.notification_channels\n\n  alert_strategy {\n"
                + "    notification_rate_limit {\n      period = local.log_notification_period\n    }\n"
                + "    auto_close = var.incident_auto_close\n  }\n\n  documentation {\n"
                + "    subject   = \"[CRITICAL] Rebound: $$";
        Infra.edit(alerts, incident, incident.replace("local.notification_channels", "[]"));
        String summary = "  notification_channels = local.notification_channels\n\n  alert_strategy {\n"
                + "    notification_rate_limit {\n      period = \"3600s\"";
        Infra.edit(alerts, summary, summary.replace("local.notification_channels",
                "[\"projects/p/notificationChannels/123\"]"));

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactlyInAnyOrder(
                "notifies no channel: an incident nobody hears about wakes nobody",
                "notification channel projects/p/notificationChannels/123 is hard-coded: notify the module's "
                        + "google_monitoring_notification_channel resources");
    }

    @Test
    void aSecondPolicyForTheSameIncidentClassIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.append(infra.resolve(ALERTS), """

                resource "google_monitoring_alert_policy" "incident_again" {
                  project               = var.project_id
                  display_name          = "Incident, again"
                  combiner              = "OR"
                  severity              = "CRITICAL"
                  notification_channels = local.notification_channels
                  conditions {
                    display_name = "incident"
                    condition_matched_log {
                      filter = "labels.ce_type=(\\"pipeline.incident.opened.v1\\" OR \\"pipeline.incident.escalated.v1\\") AND severity>=CRITICAL"
                    }
                  }
                  alert_strategy {
                    notification_rate_limit {
                      period = "300s"
                    }
                    auto_close = "1800s"
                  }
                  documentation {
                    content = "See [docs/runbook.md#incident](docs/runbook.md#incident)."
                  }
                }
                """);

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).singleElement().asString()
                .startsWith("2 alert policies page for incident: ").endsWith("; exactly one may");
    }

    @Test
    void anIncidentPolicyThatPagesOnWarningsOrMissesEscalationsIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ALERTS),
                "labels.ce_type=(\"pipeline.incident.opened.v1\" OR \"pipeline.incident.escalated.v1\") AND severity>=CRITICAL",
                "labels.ce_type=\"pipeline.incident.opened.v1\"");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactlyInAnyOrder(
                "incident policy does not match ce-type pipeline.incident.escalated.v1",
                "incident pages on the critical escalation only: filter on severity>=CRITICAL");
    }

    @Test
    void aDeadLetterHoldSubscriptionLeftUnwatchedIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.removeLine(infra.resolve("envs/prod/monitoring.tf"),
                "module.topic_backfill_events.dead_letter_hold_subscription");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting())).containsExactly(
                "dead-letter hold subscription backfill-events--dead-letter--hold of backfill-events is not watched "
                        + "(module.topic_backfill_events.dead_letter_hold_subscription missing from "
                        + "dead_letter_subscriptions)");
    }

    @Test
    void hardCodedAddressesAreFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/monitoring.tf"),
                "notification_emails  = var.alert_notification_emails",
                "notification_emails  = [\"oncall@example.com\"]");
        Infra.edit(infra.resolve(ALERTS), "email_address = each.value", "email_address = \"pager@example.com\"");

        List<String> found = messages(Infra.invariants(Infra.parse(infra)).alerting());

        assertThat(found).containsExactlyInAnyOrder(
                "notification_emails must come from a variable of envs/prod, not be written into the configuration",
                "label email_address is hard-coded ('pager@example.com'): pass addresses in as variables",
                "hard-coded email address oncall@example.com: notification addresses are variables, set per environment",
                "hard-coded email address pager@example.com: notification addresses are variables, set per environment");
    }

    @Test
    void anEnvironmentWithoutPagingIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/monitoring.tf"), "module \"alerts\" {", "module \"alerts_unused\" {\n  count = 0");
        Infra.edit(infra.resolve("envs/prod/outputs.tf"), "module.alerts.alert_policy_ids", "{}");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).alerting()))
                .containsExactly("no modules/monitoring-alerts call: nothing in this environment pages");
    }
}
