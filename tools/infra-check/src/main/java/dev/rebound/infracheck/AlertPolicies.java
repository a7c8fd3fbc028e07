package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.infracheck.Environment.TopicDeclaration;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Paging: every alert policy tells the person paged what to do (documentation linking docs/runbook.md or
 * docs/operations.md) and notifies at least one channel; each incident class Rebound pages for has exactly one
 * policy; the pipeline's verdicts page only as incidents (opened or escalated at critical), never one alert at a
 * time; every ce-type a log filter names is in the topic catalog; log filters and extractors name only fields the
 * services' log entries carry; the dead-letter policy watches every dead-letter hold subscription; notification
 * addresses come in as variables.
 */
final class AlertPolicies {

    static final String CHECK = "alerting";
    static final String POLICY = "google_monitoring_alert_policy";
    static final String CHANNEL = "google_monitoring_notification_channel";

    static final String DEAD_LETTER_ARGUMENT = "dead_letter_subscriptions";
    static final String QUARANTINE_ARGUMENT = "quarantine_topic";
    static final List<String> CHANNEL_ARGUMENTS = List.of("notification_emails", "chat_webhook_url");

    private static final String QUARANTINED_TYPE = "rebound.event.quarantined.v1";
    /** The pipeline's verdicts page as incidents: an incident's opening and its escalation, nothing else. */
    static final Set<String> PAGE_TYPES = Set.of("pipeline.incident.opened.v1", "pipeline.incident.escalated.v1");
    static final String ALERTS_TOPIC = "pipeline-alerts";
    private static final Pattern CE_TYPE_MATCH = Pattern.compile("(?<![\\w.])labels\\.ce_type\\s*[=:]\\s*(\\([^)]*\\)|\"[^\"]*\")");
    /**
     * The LogEntry labels every service's log entry can carry (service-runtime's CloudLoggingFormatter writes them
     * as logging.googleapis.com/labels; a test holds the two lists equal), and the payload fields it writes.
     */
    static final Set<String> LOG_LABELS = Set.of("service", "ce_type", "processor", "data_date", "game_id",
            "correlation_id");
    static final Set<String> LOG_PAYLOAD_FIELDS = Set.of("message", "logger", "thread", "stack_trace");
    private static final Pattern LOG_FIELD = Pattern.compile("(?<![\\w.$])(labels|jsonPayload)\\.([A-Za-z0-9_]+)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern DOCS_LINK = Pattern.compile("\\]\\([^)\\s]*(runbook|operations)\\.md[^)\\s]*\\)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"'${}]+@[^@\\s\"'${}]+\\.[A-Za-z]{2,}");

    /**
     * Something Rebound pages for, matched by the ce-types or metric types its policy's filter names. A policy
     * for it must name all of its ce-types (or one of its metrics), link its runbook section, and, where only the
     * critical escalation pages, filter on {@code severity>=CRITICAL}.
     */
    record IncidentClass(String name, Set<String> ceTypes, Set<String> metrics, String docsLink,
            boolean criticalOnly) {
    }

    static final List<IncidentClass> INCIDENT_CLASSES = List.of(
            new IncidentClass("incident", PAGE_TYPES, Set.of(), "docs/runbook.md#incident", true),
            new IncidentClass("quarantine", Set.of(),
                    Set.of("pubsub.googleapis.com/topic/send_message_operation_count",
                            "prometheus.googleapis.com/rebound_events_quarantined_total/counter"),
                    "docs/runbook.md#quarantine", false),
            new IncidentClass("outbox-stalled", Set.of(),
                    Set.of("prometheus.googleapis.com/rebound_outbox_oldest_age_seconds/gauge"),
                    "docs/runbook.md#outbox-stalled", false),
            new IncidentClass("heartbeat-stream-stalled", Set.of(),
                    Set.of("prometheus.googleapis.com/rebound_heartbeat_delivery_lag_seconds/gauge"),
                    "docs/runbook.md#heartbeat-stream-stalled", false),
            new IncidentClass("dead-letter", Set.of(),
                    Set.of("pubsub.googleapis.com/subscription/num_undelivered_messages"),
                    "docs/runbook.md#dead-letter", false),
            new IncidentClass("daily-summary", Set.of("rebound.health.daily_summary.v1"), Set.of(),
                    "docs/operations.md", false));

    static IncidentClass incidentClass(String name) {
        return INCIDENT_CLASSES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** One declared alert policy, with what the check reads from it. */
    record Policy(String module, String where, JsonNode body, List<String> filters, List<String> logFilters,
            List<String> labelExtractors) {

        Set<String> ceTypes() {
            Set<String> types = new LinkedHashSet<>();
            for (String filter : logFilters) {
                Matcher m = CE_TYPE_MATCH.matcher(filter);
                while (m.find()) {
                    Matcher q = QUOTED.matcher(m.group(1));
                    while (q.find()) {
                        types.add(q.group(1));
                    }
                }
            }
            return types;
        }

        boolean names(IncidentClass c) {
            Set<String> types = ceTypes();
            return c.ceTypes().stream().anyMatch(types::contains)
                    || c.metrics().stream().anyMatch(metric -> filters.stream().anyMatch(f -> f.contains(metric)));
        }

        String documentation() {
            return Hcl.nestedBlock(body, "documentation").map(d -> d.path("content").asText("")).orElse("");
        }
    }

    private final TerraformModel model;
    private final TopicCatalog catalog;
    private final List<Environment> environments;
    private final List<Problem> problems = new ArrayList<>();

    AlertPolicies(TerraformModel model, TopicCatalog catalog, List<Environment> environments) {
        this.model = model;
        this.catalog = catalog;
        this.environments = environments;
    }

    List<Problem> check() {
        List<Policy> policies = policies();
        if (policies.isEmpty() && !environments.isEmpty()) {
            problems.add(new Problem(CHECK, model.root().toString(), "no " + POLICY + ": nothing pages anybody"));
        }
        Set<String> catalogTypes = catalog.topics().stream().flatMap(t -> t.eventTypes().stream())
                .collect(Collectors.toSet());
        Set<String> groupedAlerts = catalog.topics().stream().filter(t -> t.name().equals(ALERTS_TOPIC))
                .flatMap(t -> t.eventTypes().stream()).filter(t -> !PAGE_TYPES.contains(t))
                .collect(Collectors.toSet());
        for (Policy policy : policies) {
            documented(policy);
            notifies(policy);
            strategy(policy);
            logFields(policy);
            for (String type : policy.ceTypes()) {
                if (!catalogTypes.contains(type)) {
                    problem(policy.where(), "filter names ce-type " + type + ", which is not in the topic catalog");
                } else if (groupedAlerts.contains(type)) {
                    problem(policy.where(), "pages on every " + type + ": alerts page through their incident ("
                            + String.join(" or ", new TreeSet<>(PAGE_TYPES)) + "), once per root cause");
                }
            }
        }
        for (IncidentClass c : INCIDENT_CLASSES) {
            incidentClass(c, policies);
        }
        for (Environment env : environments) {
            wiring(env, policies);
        }
        channelsAreVariables();
        return problems;
    }

    private List<Policy> policies() {
        List<Policy> policies = new ArrayList<>();
        for (TerraformModule module : model.modules().values()) {
            module.resources(POLICY).forEach((name, block) -> {
                String where = block.file() + " " + POLICY + "." + name;
                List<String> filters = new ArrayList<>();
                List<String> logFilters = new ArrayList<>();
                List<String> extractors = new ArrayList<>();
                JsonNode body = block.body();
                if (Hcl.dynamicForEach(body, "conditions").isPresent()) {
                    problem(where, "conditions must be written as blocks, so the check can read their filters");
                }
                JsonNode conditions = body.get("conditions");
                if (conditions == null || !conditions.isArray() || conditions.isEmpty()) {
                    problem(where, "has no conditions");
                } else {
                    for (JsonNode condition : conditions) {
                        for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext();) {
                            Map.Entry<String, JsonNode> kind = it.next();
                            JsonNode filter = Hcl.attr(kind.getValue(), "filter");
                            if (kind.getValue().isArray() && filter != null) {
                                filters.add(filter.asText());
                                if (kind.getKey().equals("condition_matched_log")) {
                                    logFilters.add(filter.asText());
                                    JsonNode labels = Hcl.attr(kind.getValue(), "label_extractors");
                                    if (labels != null && labels.isObject()) {
                                        labels.fields().forEachRemaining(l -> extractors.add(l.getValue().asText()));
                                    }
                                }
                            }
                        }
                    }
                }
                policies.add(new Policy(module.dir(), where, body, filters, logFilters, extractors));
            });
        }
        return policies;
    }

    /**
     * Log filters, label extractors and the queries the documentation hands the person paged name only fields the
     * services' log entries have: a filter on a field nobody writes matches nothing, and that page never comes.
     */
    private void logFields(Policy policy) {
        if (policy.logFilters().isEmpty()) {
            return;
        }
        List<String> texts = new ArrayList<>(policy.logFilters());
        texts.addAll(policy.labelExtractors());
        texts.add(policy.documentation());
        Set<String> reported = new TreeSet<>();
        for (String text : texts) {
            Matcher m = LOG_FIELD.matcher(text);
            while (m.find()) {
                String field = m.group(1) + "." + m.group(2);
                boolean known = m.group(1).equals("labels") ? LOG_LABELS.contains(m.group(2))
                        : LOG_PAYLOAD_FIELDS.contains(m.group(2));
                if (!known && reported.add(field)) {
                    problem(policy.where(), "names " + field + ", which the services' log entries do not have (labels: "
                            + new TreeSet<>(LOG_LABELS) + "; jsonPayload: " + new TreeSet<>(LOG_PAYLOAD_FIELDS) + ")");
                }
            }
        }
    }

    private void documented(Policy policy) {
        String content = policy.documentation();
        if (content.isBlank()) {
            problem(policy.where(), "has no documentation content: the person paged is not told what to do");
            return;
        }
        boolean path = content.contains("docs/runbook.md") || content.contains("docs/operations.md");
        if (!path || !DOCS_LINK.matcher(content).find()) {
            problem(policy.where(), "documentation links to neither docs/runbook.md nor docs/operations.md");
        }
    }

    private void notifies(Policy policy) {
        JsonNode channels = policy.body().get("notification_channels");
        if (channels == null || channels.isNull() || (channels.isArray() && channels.isEmpty())) {
            problem(policy.where(), "notifies no channel: an incident nobody hears about wakes nobody");
            return;
        }
        List<JsonNode> entries = new ArrayList<>();
        if (channels.isArray()) {
            channels.forEach(entries::add);
        } else {
            entries.add(channels);
        }
        for (JsonNode entry : entries) {
            if (!Hcl.isExpression(entry)) {
                problem(policy.where(), "notification channel " + entry.asText()
                        + " is hard-coded: notify the module's " + CHANNEL + " resources");
            } else if (!mentionsChannel(policy.module(), entry, 0)) {
                problem(policy.where(), "notification_channels " + Hcl.normalized(entry) + " names no " + CHANNEL);
            }
        }
    }

    /** Whether an expression names a notification channel resource, directly or through the module's locals. */
    private boolean mentionsChannel(String moduleDir, JsonNode expression, int depth) {
        if (Hcl.mentions(expression, CHANNEL + ".")) {
            return true;
        }
        if (depth > 3) {
            return false;
        }
        TerraformModule module = model.module(moduleDir).orElseThrow();
        Matcher m = Pattern.compile("local\\.([A-Za-z0-9_-]+)").matcher(Hcl.normalized(expression));
        while (m.find()) {
            Block local = module.locals().get(m.group(1));
            if (local != null && mentionsChannel(moduleDir, local.body(), depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private void strategy(Policy policy) {
        Optional<JsonNode> strategy = Hcl.nestedBlock(policy.body(), "alert_strategy");
        if (strategy.isEmpty() || !strategy.get().has("auto_close")) {
            problem(policy.where(), "has no alert_strategy.auto_close: its incidents stay open until closed by hand");
        }
        if (!policy.logFilters().isEmpty()
                && (strategy.isEmpty() || Hcl.nestedBlock(strategy.get(), "notification_rate_limit").isEmpty())) {
            problem(policy.where(), "is log-based and needs alert_strategy.notification_rate_limit");
        }
        JsonNode labels = policy.body().get("user_labels");
        if (!policy.body().has("severity") && (labels == null || !Hcl.normalized(labels).contains("severity"))) {
            problem(policy.where(), "has no severity (argument or user label)");
        }
    }

    private void incidentClass(IncidentClass c, List<Policy> policies) {
        List<Policy> matching = policies.stream().filter(p -> p.names(c)).toList();
        String what = c.ceTypes().isEmpty() ? "metric " + String.join(" or ", new TreeSet<>(c.metrics()))
                : "ce-type " + String.join(" and ", new TreeSet<>(c.ceTypes()));
        if (matching.isEmpty()) {
            problem(model.root().toString(), "no alert policy pages for " + c.name() + " (" + what + ")");
            return;
        }
        if (matching.size() > 1) {
            problem(model.root().toString(), matching.size() + " alert policies page for " + c.name() + ": "
                    + matching.stream().map(Policy::where).toList() + "; exactly one may");
        }
        for (Policy policy : matching) {
            Set<String> missing = new TreeSet<>(c.ceTypes());
            missing.removeAll(policy.ceTypes());
            if (!missing.isEmpty()) {
                problem(policy.where(), c.name() + " policy does not match ce-type " + String.join(", ", missing));
            }
            if (c.criticalOnly() && policy.logFilters().stream()
                    .noneMatch(f -> f.replaceAll("\\s+", "").contains("severity>=CRITICAL"))) {
                problem(policy.where(), c.name() + " pages on the critical escalation only: filter on severity>=CRITICAL");
            }
            if (!policy.documentation().contains(c.docsLink())) {
                problem(policy.where(), c.name() + " documentation must link " + c.docsLink());
            }
        }
    }

    /** The environment passes every dead-letter hold subscription and the quarantine topic by reference. */
    private void wiring(Environment env, List<Policy> policies) {
        if (env.topics().isEmpty()) {
            return;
        }
        Map<String, Block> calls = env.monitoringCalls();
        if (calls.isEmpty()) {
            problem(env.dir(), "no " + Environment.MONITORING_MODULE + " call: nothing in this environment pages");
            return;
        }
        Map<String, TopicDeclaration> expected = new LinkedHashMap<>();
        String quarantineTopicCall = null;
        for (TopicDeclaration t : env.topics()) {
            if (t.deadLetter() != null) {
                expected.put(("${module." + t.call() + ".dead_letter_hold_subscription}"), t);
            }
            if (t.topic() != null && catalog.topics().stream()
                    .anyMatch(c -> c.name().equals(t.topic()) && c.eventTypes().contains(QUARANTINED_TYPE))) {
                quarantineTopicCall = t.call();
            }
        }
        for (Map.Entry<String, Block> call : calls.entrySet()) {
            String where = call.getValue().file() + " module." + call.getKey();
            JsonNode args = call.getValue().body();
            JsonNode watched = args.get(DEAD_LETTER_ARGUMENT);
            if (watched == null || !watched.isArray()) {
                problem(where, DEAD_LETTER_ARGUMENT + " must be a literal list of the topics' "
                        + "dead_letter_hold_subscription outputs");
            } else {
                Set<String> listed = new LinkedHashSet<>();
                watched.forEach(n -> listed.add(Hcl.normalized(n)));
                expected.forEach((ref, t) -> {
                    if (!listed.contains(ref)) {
                        problem(where, "dead-letter hold subscription " + t.deadLetter().holdSubscription() + " of "
                                + t.topic() + " is not watched (" + ref.substring(2, ref.length() - 1) + " missing from "
                                + DEAD_LETTER_ARGUMENT + ")");
                    }
                });
                listed.stream().filter(ref -> !expected.containsKey(ref)).forEach(ref -> problem(where,
                        DEAD_LETTER_ARGUMENT + " entry " + ref + " is not a topic module's dead_letter_hold_subscription"));
            }
            if (quarantineTopicCall != null && !Hcl.mentions(args.get(QUARANTINE_ARGUMENT),
                    "module." + quarantineTopicCall + ".topic_name")) {
                problem(where, QUARANTINE_ARGUMENT + " must be module." + quarantineTopicCall + ".topic_name");
            }
            for (String argument : CHANNEL_ARGUMENTS) {
                JsonNode value = args.get(argument);
                if (value != null && !value.isNull() && !Hcl.mentions(value, "var.")) {
                    problem(where, argument + " must come from a variable of " + env.dir()
                            + ", not be written into the configuration");
                }
            }
        }
        policies.stream().filter(p -> p.names(incidentClass("dead-letter"))).forEach(p -> {
            if (p.filters().stream().noneMatch(f -> f.contains("var." + DEAD_LETTER_ARGUMENT))) {
                problem(p.where(), "dead-letter filter must watch var." + DEAD_LETTER_ARGUMENT);
            }
        });
        policies.stream().filter(p -> p.names(incidentClass("quarantine"))).forEach(p -> {
            boolean pubsub = p.filters().stream().anyMatch(f -> f.contains("pubsub.googleapis.com/"));
            if (pubsub && p.filters().stream().noneMatch(f -> f.contains("var." + QUARANTINE_ARGUMENT))) {
                problem(p.where(), "quarantine filter must select the topic var." + QUARANTINE_ARGUMENT);
            }
        });
    }

    /** No address is written into the configuration: channels take theirs from variables. */
    private void channelsAreVariables() {
        for (TerraformModule module : model.modules().values()) {
            module.resources(CHANNEL).forEach((name, block) -> {
                String where = block.file() + " " + CHANNEL + "." + name;
                JsonNode labels = block.body().get("labels");
                if (labels == null || !labels.isObject()) {
                    return;
                }
                labels.fields().forEachRemaining(label -> {
                    if (!Hcl.isExpression(label.getValue())) {
                        problem(where, "label " + label.getKey() + " is hard-coded ('" + label.getValue().asText()
                                + "'): pass addresses in as variables");
                    }
                });
            });
            List<Map<String, Block>> groups = new ArrayList<>(List.of(module.variables(), module.locals(),
                    module.outputs(), module.moduleCalls()));
            groups.addAll(module.resources().values());
            for (Map<String, Block> group : groups) {
                group.forEach((name, block) -> literalEmails(block.body(), "").forEach(email -> problem(
                        block.file() + " " + name, "hard-coded email address " + email
                                + ": notification addresses are variables, set per environment")));
            }
        }
    }

    private static List<String> literalEmails(JsonNode node, String key) {
        List<String> found = new ArrayList<>();
        if (node == null || key.equals("description")) {
            return found;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (!text.contains("${")) {
                Matcher m = EMAIL.matcher(text);
                while (m.find()) {
                    found.add(m.group());
                }
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> found.addAll(literalEmails(e.getValue(), e.getKey())));
        } else if (node.isArray()) {
            node.forEach(n -> found.addAll(literalEmails(n, key)));
        }
        return found;
    }

    private void problem(String where, String message) {
        problems.add(new Problem(CHECK, where, message));
    }
}
