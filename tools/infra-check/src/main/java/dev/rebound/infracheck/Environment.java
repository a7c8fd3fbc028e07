package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one root configuration ({@code infra/envs/<env>}) declares through Rebound's modules, read from the
 * literal arguments of its module calls. An argument that is an expression where a literal is needed is itself a
 * problem: the check must be able to see every topic, subscription, job and invoker.
 */
public final class Environment {

    public static final String TOPIC_MODULE = "modules/pubsub-topic";
    public static final String INVOKERS_MODULE = "modules/cloud-run-invokers";
    public static final String SCHEDULER_MODULE = "modules/scheduler-jobs";
    public static final String GCS_NOTIFICATIONS_MODULE = "modules/gcs-notifications";
    public static final String MONITORING_MODULE = "modules/monitoring-alerts";
    public static final String OPERATOR_ACCESS_MODULE = "modules/operator-access";
    public static final String IAP_MODULE = "modules/iap-dashboard";

    static final String CHECK = "literal-wiring";

    /** A push subscription as declared; {@code identity} is the OIDC service account expression (null if none). */
    public record PushSubscription(String name, String service, Integer ackDeadlineSeconds, JsonNode identity) {
    }

    public record PullSubscription(String name, Integer ackDeadlineSeconds) {
    }

    /** {@code subscribers}: who may read the hold subscription, as written (null if none). */
    public record DeadLetter(String topic, String holdSubscription, JsonNode subscribers) {
    }

    /** One call of the pubsub-topic module; {@code republishers} as written (null if none). */
    public record TopicDeclaration(String call, String topic, Map<String, JsonNode> publishers,
            List<PushSubscription> push, List<PullSubscription> pull, DeadLetter deadLetter, String archiveSubscription,
            JsonNode archiveTable, JsonNode republishers) {
    }

    /** One call of the operator-access module: who the operators are, whom they impersonate, which services. */
    public record OperatorAccess(String call, JsonNode operatorsGroup, JsonNode operatorAccount, List<String> services) {
    }

    /** One call of the iap-dashboard module: the service behind IAP and who IAP lets through. */
    public record IapBackend(String call, String service, JsonNode accessors) {
    }

    /** One entry of a cloud-run-invokers call: {@code identity} is the service account email expression. */
    public record InvokerBinding(String call, String service, String caller, JsonNode identity) {
    }

    public record SchedulerJob(String call, String name, String service, String path, String schedule, String timeZone,
            JsonNode identity) {
    }

    private final TerraformModel model;
    private final TerraformModule module;
    private final List<Problem> problems = new ArrayList<>();
    private final List<TopicDeclaration> topics = new ArrayList<>();
    private final List<InvokerBinding> invokers = new ArrayList<>();
    private final List<SchedulerJob> jobs = new ArrayList<>();
    private final Map<String, Block> notificationCalls = new LinkedHashMap<>();
    private final Map<String, Block> monitoringCalls = new LinkedHashMap<>();
    private final List<OperatorAccess> operatorAccess = new ArrayList<>();
    private final List<IapBackend> iapBackends = new ArrayList<>();

    public Environment(TerraformModel model, TerraformModule module) {
        this.model = model;
        this.module = module;
        module.moduleCalls().forEach((name, call) -> {
            String source = Hcl.literalString(call.body().get("source")).orElse("");
            String target = source.startsWith(".") ? model.sourceDir(module, source) : source;
            String where = call.file() + " module." + name;
            if (call.body().has("for_each") || call.body().has("count")) {
                if (List.of(TOPIC_MODULE, INVOKERS_MODULE, SCHEDULER_MODULE, MONITORING_MODULE, OPERATOR_ACCESS_MODULE,
                        IAP_MODULE).contains(target)) {
                    problem(where, "uses for_each/count: declare one call per item so every item can be checked");
                }
                return;
            }
            switch (target) {
                case TOPIC_MODULE -> topics.add(topic(name, where, call.body()));
                case INVOKERS_MODULE -> invokers(name, where, call.body());
                case SCHEDULER_MODULE -> jobs(name, where, call.body());
                case GCS_NOTIFICATIONS_MODULE -> notificationCalls.put(name, call);
                case MONITORING_MODULE -> monitoringCalls.put(name, call);
                case OPERATOR_ACCESS_MODULE -> operatorAccess.add(new OperatorAccess(name,
                        nullIfNull(call.body().get("operators_group")),
                        nullIfNull(call.body().get("operator_service_account_email")),
                        strings(call.body(), "services", where)));
                case IAP_MODULE -> iapBackends.add(new IapBackend(name, literal(call.body(), "service", where),
                        nullIfNull(call.body().get("accessors"))));
                default -> {
                }
            }
        });
    }

    public TerraformModule module() {
        return module;
    }

    public TerraformModel model() {
        return model;
    }

    public String dir() {
        return module.dir();
    }

    /** Arguments that could not be read literally. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public List<TopicDeclaration> topics() {
        return List.copyOf(topics);
    }

    public List<InvokerBinding> invokers() {
        return List.copyOf(invokers);
    }

    public List<SchedulerJob> schedulerJobs() {
        return List.copyOf(jobs);
    }

    public Map<String, Block> notificationCalls() {
        return Map.copyOf(notificationCalls);
    }

    public List<OperatorAccess> operatorAccess() {
        return List.copyOf(operatorAccess);
    }

    public List<IapBackend> iapBackends() {
        return List.copyOf(iapBackends);
    }

    /** Calls of the monitoring-alerts module, by call name. */
    public Map<String, Block> monitoringCalls() {
        return Map.copyOf(monitoringCalls);
    }

    private TopicDeclaration topic(String call, String where, JsonNode args) {
        String topic = literal(args, "topic", where);
        Map<String, JsonNode> publishers = new LinkedHashMap<>();
        JsonNode pubs = args.get("publishers");
        if (pubs != null && !pubs.isObject()) {
            problem(where, "publishers must be a literal map keyed by the publishing service");
        } else if (pubs != null) {
            pubs.fields().forEachRemaining(e -> publishers.put(e.getKey(), e.getValue()));
        }
        List<PushSubscription> push = new ArrayList<>();
        for (JsonNode s : list(args, "push_subscriptions", where)) {
            String at = where + " push subscription " + s.path("name").asText("?");
            push.add(new PushSubscription(literal(s, "name", at), literal(s, "service", at),
                    Hcl.literalInt(s.get("ack_deadline_seconds")).orElse(null), nullIfNull(s.get("oidc_service_account_email"))));
        }
        List<PullSubscription> pull = new ArrayList<>();
        for (JsonNode s : list(args, "pull_subscriptions", where)) {
            String at = where + " pull subscription " + s.path("name").asText("?");
            pull.add(new PullSubscription(literal(s, "name", at), Hcl.literalInt(s.get("ack_deadline_seconds")).orElse(null)));
        }
        DeadLetter deadLetter = null;
        JsonNode dl = args.get("dead_letter");
        if (dl != null && dl.isObject()) {
            deadLetter = new DeadLetter(literal(dl, "topic", where + " dead_letter"),
                    literal(dl, "hold_subscription", where + " dead_letter"), nullIfNull(dl.get("subscribers")));
        } else if (dl != null && !dl.isNull()) {
            problem(where, "dead_letter must be a literal object");
        }
        String archive = null;
        JsonNode table = null;
        JsonNode ar = args.get("archive");
        if (ar != null && ar.isObject()) {
            archive = literal(ar, "subscription", where + " archive");
            table = ar.get("table_id");
        } else if (ar != null && !ar.isNull()) {
            problem(where, "archive must be a literal object");
        }
        return new TopicDeclaration(call, topic, publishers, push, pull, deadLetter, archive, table,
                nullIfNull(args.get("republishers")));
    }

    private void invokers(String call, String where, JsonNode args) {
        for (JsonNode b : list(args, "bindings", where)) {
            String at = where + " binding";
            invokers.add(new InvokerBinding(call, literal(b, "service", at), literal(b, "caller", at),
                    nullIfNull(b.get("service_account_email"))));
        }
    }

    private void jobs(String call, String where, JsonNode args) {
        for (JsonNode j : list(args, "jobs", where)) {
            String at = where + " job " + j.path("name").asText("?");
            jobs.add(new SchedulerJob(call, literal(j, "name", at), literal(j, "service", at), literal(j, "path", at),
                    literal(j, "schedule", at), Hcl.literalString(j.get("time_zone")).orElse("Etc/UTC"),
                    nullIfNull(j.get("oidc_service_account_email"))));
        }
    }

    private List<JsonNode> list(JsonNode args, String name, String where) {
        JsonNode node = args.get(name);
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            problem(where, name + " must be a literal list of objects so it can be checked, not " + node.asText());
            return items;
        }
        node.forEach(items::add);
        return items;
    }

    private List<String> strings(JsonNode args, String name, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : list(args, name, where)) {
            Hcl.literalString(item).ifPresentOrElse(out::add,
                    () -> problem(where, name + " must list literal strings, found " + item));
        }
        return out;
    }

    private String literal(JsonNode object, String field, String where) {
        Optional<String> value = Hcl.literalString(object.get(field));
        if (value.isEmpty()) {
            problem(where, "'" + field + "' must be a literal string");
            return null;
        }
        return value.get();
    }

    private static JsonNode nullIfNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private void problem(String where, String message) {
        problems.add(new Problem(CHECK, where, message));
    }
}
