package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.catalog.TopicCatalog.Delivery;
import dev.rebound.infracheck.Environment.InvokerBinding;
import dev.rebound.infracheck.Environment.PullSubscription;
import dev.rebound.infracheck.Environment.PushSubscription;
import dev.rebound.infracheck.Environment.SchedulerJob;
import dev.rebound.infracheck.Environment.TopicDeclaration;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rebound's invariants over its Terraform, each returning the problems it finds (empty = holds). The topic
 * catalog and the scheduler job list from shared-events are the source of truth; every environment under
 * {@code envs/} is held to them, and the modules it uses are held to doing what their inputs say.
 */
public final class InfraInvariants {

    private static final String RUN_INVOKER = "roles/run.invoker";
    private static final Set<String> PUBLIC_MEMBERS = Set.of("allUsers", "allAuthenticatedUsers");

    private final TerraformModel model;
    private final TopicCatalog catalog;
    private final SchedulerJobs schedulerJobs;
    private final List<Environment> environments;
    private final Set<String> reboundServices;

    public InfraInvariants(TerraformModel model, TopicCatalog catalog, SchedulerJobs schedulerJobs) {
        this.model = model;
        this.catalog = catalog;
        this.schedulerJobs = schedulerJobs;
        this.environments = model.environments().stream().map(m -> new Environment(model, m)).toList();
        this.reboundServices = Stream.concat(
                catalog.bindings().stream().filter(b -> b.subscription().delivery() == Delivery.push)
                        .map(b -> b.subscription().consumer()),
                schedulerJobs.jobs().stream().map(SchedulerJobs.Job::service))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every check, in the order a reader would fix them. */
    public List<Problem> all() {
        List<Problem> problems = new ArrayList<>(syntax());
        if (!problems.isEmpty()) {
            return problems;
        }
        problems.addAll(references());
        problems.addAll(literalWiring());
        problems.addAll(topicsMatchCatalog());
        problems.addAll(callersHoldRunInvoker());
        problems.addAll(deadLetters());
        problems.addAll(schedulerMatchesJobs());
        problems.addAll(storageNotifications());
        problems.addAll(moduleWiring());
        problems.addAll(noPublicMembers());
        problems.addAll(operatorsReachTheirEndpoints());
        problems.addAll(replayerCanRepublish());
        problems.addAll(alerting());
        problems.addAll(stateStore());
        problems.addAll(runtimeRoles());
        return problems;
    }

    /** Every .tf file parses with HashiCorp's HCL parser. */
    public List<Problem> syntax() {
        List<Problem> problems = model.parseErrors().stream()
                .map(e -> new Problem("syntax", e.file(), e.message())).collect(Collectors.toCollection(ArrayList::new));
        if (model.modules().isEmpty()) {
            problems.add(new Problem("syntax", model.root().toString(), "no .tf file found"));
        }
        return problems;
    }

    /** Every reference resolves to a declaration of its module; module calls match the modules' variables. */
    public List<Problem> references() {
        return new ReferenceCheck(model).check();
    }

    /** Topics, subscriptions, jobs and invokers are written literally, so the other checks see all of them. */
    public List<Problem> literalWiring() {
        List<Problem> problems = new ArrayList<>();
        if (environments.isEmpty()) {
            problems.add(new Problem(Environment.CHECK, model.root().toString(), "no environment under envs/"));
        }
        environments.forEach(env -> problems.addAll(env.problems()));
        for (TerraformModule module : model.modules().values()) {
            if (module.dir().equals(Environment.TOPIC_MODULE)) {
                continue;
            }
            for (String type : List.of("google_pubsub_topic", "google_pubsub_subscription")) {
                module.resources(type).forEach((name, block) -> problems.add(new Problem(Environment.CHECK,
                        block.file() + " " + type + "." + name,
                        "declared outside " + Environment.TOPIC_MODULE + ", where the catalog check cannot see it")));
            }
        }
        return problems;
    }

    /** The topics and subscriptions of each environment equal the topic catalog: none missing, none extra. */
    public List<Problem> topicsMatchCatalog() {
        List<Problem> problems = new ArrayList<>();
        for (Environment env : environments) {
            String check = "catalog";
            Map<String, TopicDeclaration> declared = new LinkedHashMap<>();
            for (TopicDeclaration t : env.topics()) {
                if (t.topic() != null && declared.put(t.topic(), t) != null) {
                    problems.add(new Problem(check, env.dir(), "topic " + t.topic() + " is declared twice"));
                }
            }
            Set<String> catalogTopics = catalog.topics().stream().map(TopicCatalog.Topic::name)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            for (String name : catalogTopics) {
                if (!declared.containsKey(name)) {
                    problems.add(new Problem(check, env.dir(), "topic " + name + " of the catalog is not declared"));
                }
            }
            for (String name : declared.keySet()) {
                if (!catalogTopics.contains(name)) {
                    problems.add(new Problem(check, env.dir(), "topic " + name + " is not in the topic catalog"));
                }
            }
            for (TopicCatalog.Topic topic : catalog.topics()) {
                TopicDeclaration t = declared.get(topic.name());
                if (t != null) {
                    problems.addAll(subscriptionsMatch(env, topic, t));
                    problems.addAll(publishersMatch(env, topic, t));
                }
            }
        }
        return problems;
    }

    private List<Problem> subscriptionsMatch(Environment env, TopicCatalog.Topic topic, TopicDeclaration t) {
        List<Problem> problems = new ArrayList<>();
        String where = env.dir() + " module." + t.call();
        Map<String, PushSubscription> push = t.push().stream().filter(s -> s.name() != null)
                .collect(Collectors.toMap(PushSubscription::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, PullSubscription> pull = t.pull().stream().filter(s -> s.name() != null)
                .collect(Collectors.toMap(PullSubscription::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Set<String> expected = new LinkedHashSet<>();
        for (TopicCatalog.Subscription s : topic.subscriptions()) {
            expected.add(s.name());
            if (s.delivery() == Delivery.push) {
                PushSubscription d = push.get(s.name());
                if (d == null) {
                    problems.add(new Problem("catalog", where, "push subscription " + s.name() + " is "
                            + (pull.containsKey(s.name()) ? "declared as pull" : "missing")));
                    continue;
                }
                if (!s.consumer().equals(d.service())) {
                    problems.add(new Problem("catalog", where, "push subscription " + s.name() + " delivers to "
                            + d.service() + ", the catalog says " + s.consumer()));
                }
                if (!Objects.equals(d.ackDeadlineSeconds(), s.ackDeadlineS())) {
                    problems.add(new Problem("catalog", where, "push subscription " + s.name() + " has ack deadline "
                            + d.ackDeadlineSeconds() + " s, the catalog says " + s.ackDeadlineS()));
                }
            } else {
                PullSubscription d = pull.get(s.name());
                if (d == null) {
                    problems.add(new Problem("catalog", where, "pull subscription " + s.name() + " is "
                            + (push.containsKey(s.name()) ? "declared as push" : "missing")));
                    continue;
                }
                if (!Objects.equals(d.ackDeadlineSeconds(), s.ackDeadlineS())) {
                    problems.add(new Problem("catalog", where, "pull subscription " + s.name() + " has ack deadline "
                            + d.ackDeadlineSeconds() + " s, the catalog says " + s.ackDeadlineS()));
                }
            }
        }
        Stream.concat(push.keySet().stream(), pull.keySet().stream()).filter(n -> !expected.contains(n))
                .forEach(n -> problems.add(new Problem("catalog", where, "subscription " + n
                        + " is not in the topic catalog")));
        String archive = catalog.archiveSubscriptionName(topic.name());
        if (!archive.equals(t.archiveSubscription())) {
            problems.add(new Problem("catalog", where, "archive subscription must be " + archive + ", found "
                    + t.archiveSubscription()));
        } else if (t.archiveTable() == null || Hcl.normalized(t.archiveTable()).isEmpty()) {
            problems.add(new Problem("catalog", where, "archive subscription " + archive + " names no table"));
        }
        return problems;
    }

    private List<Problem> publishersMatch(Environment env, TopicCatalog.Topic topic, TopicDeclaration t) {
        List<Problem> problems = new ArrayList<>();
        String where = env.dir() + " module." + t.call();
        Set<String> expected = topic.publishers().stream().filter(reboundServices::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = new TreeSet<>(t.publishers().keySet());
        if (!expected.equals(declared)) {
            problems.add(new Problem("catalog", where, "publishers " + declared + " differ from the catalog's "
                    + expected));
        }
        t.publishers().forEach((service, member) -> {
            if (!Hcl.mentions(member, "runtime_emails[\"" + service + "\"]")) {
                problems.add(new Problem("catalog", where, "publisher " + service + " is granted to " + member.asText()
                        + ", not to its runtime service account"));
            }
        });
        return problems;
    }

    /**
     * Every push subscription and scheduler job authenticates with an OIDC service account that holds
     * roles/run.invoker on the service it calls, and roles/run.invoker is granted nowhere else than to them, the
     * account the operators impersonate and the IAP agent in front of the dashboard.
     */
    public List<Problem> callersHoldRunInvoker() {
        String check = "run-invoker";
        List<Problem> problems = new ArrayList<>();
        for (Environment env : environments) {
            List<InvokerBinding> bindings = env.invokers();
            Set<InvokerBinding> used = new LinkedHashSet<>();
            for (TopicDeclaration t : env.topics()) {
                for (PushSubscription s : t.push()) {
                    String what = "push subscription " + s.name();
                    callerProblem(env, what, s.service(), s.identity(), bindings, used)
                            .ifPresent(msg -> problems.add(new Problem(check, env.dir() + " module." + t.call(), msg)));
                }
            }
            for (SchedulerJob j : env.schedulerJobs()) {
                String what = "scheduler job " + j.name();
                callerProblem(env, what, j.service(), j.identity(), bindings, used)
                        .ifPresent(msg -> problems.add(new Problem(check, env.dir() + " module." + j.call(), msg)));
            }
            for (InvokerBinding b : bindings) {
                if (!used.contains(b) && !OperatorReachability.justified(env, b)) {
                    problems.add(new Problem(check, env.dir() + " module." + b.call(), RUN_INVOKER + " on " + b.service()
                            + " for " + Hcl.normalized(b.identity()) + " (" + b.caller()
                            + "), but no push subscription or scheduler job calls " + b.service() + " as it, and it is"
                            + " neither the operators' account nor the IAP agent of a dashboard in front of it"));
                }
            }
        }
        for (TerraformModule module : model.modules().values()) {
            if (module.dir().equals(Environment.INVOKERS_MODULE)) {
                continue;
            }
            module.resources().forEach((type, blocks) -> blocks.forEach((name, block) -> {
                if (type.contains("_iam_") && Hcl.literalString(block.body().get("role")).filter(RUN_INVOKER::equals)
                        .isPresent()) {
                    problems.add(new Problem(check, block.file() + " " + type + "." + name, RUN_INVOKER
                            + " granted outside " + Environment.INVOKERS_MODULE
                            + ", where no push subscription or scheduler job justifies it"));
                }
            }));
        }
        return problems;
    }

    private static Optional<String> callerProblem(Environment env, String what, String service, JsonNode identity,
            List<InvokerBinding> bindings, Set<InvokerBinding> used) {
        if (identity == null || Hcl.normalized(identity).isEmpty()) {
            return Optional.of(what + " calls " + service + " without an OIDC service account");
        }
        String id = Hcl.normalized(identity);
        List<InvokerBinding> matching = bindings.stream()
                .filter(b -> Objects.equals(b.service(), service) && Hcl.normalized(b.identity()).equals(id)).toList();
        used.addAll(matching);
        return matching.isEmpty()
                ? Optional.of(what + " calls " + service + " as " + id + ", which holds no " + RUN_INVOKER + " on "
                        + service + " in " + env.dir())
                : Optional.empty();
    }

    /**
     * Every push subscription dead-letters to a topic that is not its own and that has a subscription holding
     * what arrives there.
     */
    public List<Problem> deadLetters() {
        String check = "dead-letter";
        List<Problem> problems = new ArrayList<>();
        Set<String> catalogTopics = catalog.topics().stream().map(TopicCatalog.Topic::name).collect(Collectors.toSet());
        Set<String> catalogSubscriptions = catalog.bindings().stream().map(b -> b.subscription().name())
                .collect(Collectors.toSet());
        for (Environment env : environments) {
            for (TopicDeclaration t : env.topics()) {
                if (t.push().isEmpty()) {
                    continue;
                }
                String where = env.dir() + " module." + t.call();
                if (t.deadLetter() == null || t.deadLetter().topic() == null) {
                    problems.add(new Problem(check, where, "push subscriptions of " + t.topic()
                            + " have no dead-letter topic"));
                    continue;
                }
                String dl = t.deadLetter().topic();
                if (dl.equals(t.topic())) {
                    problems.add(new Problem(check, where, "dead-letter topic of " + t.topic() + " is the topic itself"));
                } else if (catalogTopics.contains(dl)) {
                    problems.add(new Problem(check, where, "dead-letter topic " + dl + " is an event topic of the catalog"));
                }
                String hold = t.deadLetter().holdSubscription();
                if (hold == null || hold.isBlank()) {
                    problems.add(new Problem(check, where, "dead-letter topic " + dl + " has no subscription"));
                } else if (catalogSubscriptions.contains(hold)) {
                    problems.add(new Problem(check, where, "dead-letter subscription " + hold
                            + " is a consumer subscription of the catalog"));
                }
            }
        }
        model.module(Environment.TOPIC_MODULE).ifPresent(m -> problems.addAll(TopicModuleWiring.deadLetters(m)));
        return problems;
    }

    /** The scheduler jobs of each environment equal scheduler-jobs.json: names, targets, schedules, time zone. */
    public List<Problem> schedulerMatchesJobs() {
        String check = "scheduler";
        List<Problem> problems = new ArrayList<>();
        for (Environment env : environments) {
            Map<String, SchedulerJob> declared = new LinkedHashMap<>();
            env.schedulerJobs().stream().filter(j -> j.name() != null).forEach(j -> {
                if (declared.put(j.name(), j) != null) {
                    problems.add(new Problem(check, env.dir(), "scheduler job " + j.name() + " is declared twice"));
                }
            });
            for (SchedulerJobs.Job job : schedulerJobs.jobs()) {
                SchedulerJob d = declared.remove(job.name());
                if (d == null) {
                    problems.add(new Problem(check, env.dir(), "scheduler job " + job.name() + " is not declared"));
                    continue;
                }
                compare(problems, env, job.name(), "service", job.service(), d.service());
                compare(problems, env, job.name(), "path", job.path(), d.path());
                compare(problems, env, job.name(), "schedule", job.schedule(), d.schedule());
                compare(problems, env, job.name(), "time zone", schedulerJobs.timeZone(), d.timeZone());
            }
            declared.keySet().forEach(name -> problems.add(new Problem(check, env.dir(), "scheduler job " + name
                    + " is not in scheduler-jobs.json")));
        }
        model.module(Environment.SCHEDULER_MODULE).ifPresent(m -> problems.addAll(SchedulerModuleWiring.check(m)));
        return problems;
    }

    private static void compare(List<Problem> problems, Environment env, String job, String field, String expected,
            String actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(new Problem("scheduler", env.dir(), "scheduler job " + job + " has " + field + " '" + actual
                    + "', scheduler-jobs.json says '" + expected + "'"));
        }
    }

    /**
     * The topic Cloud Storage publishes to (catalog publisher "cloud-storage") gets notifications of object
     * creation and deletion, in JSON_API_V1, with the Cloud Storage service agent allowed to publish.
     */
    public List<Problem> storageNotifications() {
        String check = "gcs-notifications";
        List<Problem> problems = new ArrayList<>();
        List<String> gcsTopics = catalog.topics().stream().filter(t -> t.publishers().contains("cloud-storage"))
                .map(TopicCatalog.Topic::name).toList();
        for (Environment env : environments) {
            for (String topic : gcsTopics) {
                Optional<TopicDeclaration> declared = env.topics().stream().filter(t -> topic.equals(t.topic())).findFirst();
                if (declared.isEmpty()) {
                    continue;
                }
                String topicId = "module." + declared.get().call() + ".topic_id";
                List<Block> calls = env.notificationCalls().values().stream()
                        .filter(c -> Hcl.mentions(c.body().get("topic_id"), topicId)).toList();
                if (calls.isEmpty()) {
                    problems.add(new Problem(check, env.dir(), "no bucket notification publishes to " + topic));
                }
                for (Block call : calls) {
                    JsonNode types = call.body().get("event_types");
                    Set<String> found = new TreeSet<>();
                    if (types != null && types.isArray()) {
                        types.forEach(n -> found.add(n.asText()));
                    }
                    if (!found.containsAll(List.of("OBJECT_FINALIZE", "OBJECT_DELETE"))) {
                        problems.add(new Problem(check, call.file(), "notifications to " + topic
                                + " must literally list OBJECT_FINALIZE and OBJECT_DELETE, found " + found));
                    }
                }
            }
        }
        model.module(Environment.GCS_NOTIFICATIONS_MODULE).ifPresent(m -> {
            Map<String, Block> notifications = m.resources("google_storage_notification");
            if (notifications.isEmpty()) {
                problems.add(new Problem(check, m.dir(), "declares no google_storage_notification"));
            }
            boolean agentGrant = m.resources("google_pubsub_topic_iam_member").values().stream()
                    .anyMatch(b -> Hcl.literalString(b.body().get("role")).filter("roles/pubsub.publisher"::equals).isPresent()
                            && Hcl.mentions(b.body().get("member"), "google_storage_project_service_account"));
            if (!agentGrant) {
                problems.add(new Problem(check, m.dir(), "the Cloud Storage service agent is not granted "
                        + "roles/pubsub.publisher on the topic"));
            }
            notifications.forEach((name, b) -> {
                if (!Hcl.literalString(b.body().get("payload_format")).filter("JSON_API_V1"::equals).isPresent()) {
                    problems.add(new Problem(check, b.file() + " google_storage_notification." + name,
                            "payload_format must be JSON_API_V1"));
                }
                if (!Hcl.mentions(b.body().get("depends_on"), "google_pubsub_topic_iam_member")) {
                    problems.add(new Problem(check, b.file() + " google_storage_notification." + name,
                            "must depend on the publisher grant, or creation fails on a fresh project"));
                }
            });
        });
        return problems;
    }

    /** The modules do what their inputs say: OIDC, audience, endpoint and role come from the checked fields. */
    public List<Problem> moduleWiring() {
        List<Problem> problems = new ArrayList<>();
        model.module(Environment.TOPIC_MODULE).ifPresent(m -> problems.addAll(TopicModuleWiring.push(m)));
        model.module(Environment.INVOKERS_MODULE).ifPresent(m -> {
            Map<String, Block> members = m.resources("google_cloud_run_v2_service_iam_member");
            if (members.isEmpty()) {
                problems.add(new Problem("module-wiring", m.dir(), "declares no google_cloud_run_v2_service_iam_member"));
            }
            members.forEach((name, b) -> {
                String where = b.file() + " google_cloud_run_v2_service_iam_member." + name;
                if (!Hcl.literalString(b.body().get("role")).filter(RUN_INVOKER::equals).isPresent()) {
                    problems.add(new Problem("module-wiring", where, "role must be " + RUN_INVOKER));
                }
                if (!Hcl.mentions(b.body().get("name"), "each.value.service")) {
                    problems.add(new Problem("module-wiring", where, "name must be the binding's service"));
                }
                if (!Hcl.mentions(b.body().get("member"), "serviceAccount:${each.value.service_account_email}")) {
                    problems.add(new Problem("module-wiring", where,
                            "member must be the binding's service account"));
                }
            });
        });
        return problems;
    }

    /**
     * Paging: every alert policy is documented (docs/runbook.md or docs/operations.md) and notifies a channel;
     * stuck run, stale critical input, coverage gap, abandoned plan, quarantine growth, dead-letter backlog and the
     * daily summary each have exactly one policy; log filters name only the catalog's ce-types; every dead-letter
     * hold subscription is watched; notification addresses are variables.
     */
    public List<Problem> alerting() {
        return new AlertPolicies(model, catalog, environments).check();
    }

    /**
     * The state store: private, backed up with point-in-time recovery, deletion-protected, IAM authentication only,
     * and a database user with the client roles for every Rebound service.
     */
    public List<Problem> stateStore() {
        return new CloudSqlInvariants(model, reboundServices).check();
    }

    /** The runtime accounts only read BigQuery and only connect to Cloud SQL. */
    public List<Problem> runtimeRoles() {
        return new RuntimeAccountRoles(model).check();
    }

    /**
     * The operators group reaches every service's operator endpoints (URLs, tokens, run.invoker) and the
     * dashboard through IAP; nobody else is let in by it.
     */
    public List<Problem> operatorsReachTheirEndpoints() {
        return new OperatorReachability(model, catalog, environments, reboundServices).operators();
    }

    /** The catalog's replayer may publish to every topic and read every dead-letter hold, named as the catalog says. */
    public List<Problem> replayerCanRepublish() {
        return new OperatorReachability(model, catalog, environments, reboundServices).replayer();
    }

    /** No IAM member anywhere is allUsers or allAuthenticatedUsers. */
    public List<Problem> noPublicMembers() {
        List<Problem> problems = new ArrayList<>();
        for (TerraformModule module : model.modules().values()) {
            List<Map<String, Block>> groups = new ArrayList<>(List.of(module.variables(), module.locals(),
                    module.outputs(), module.moduleCalls()));
            groups.addAll(module.resources().values());
            groups.addAll(module.dataSources().values());
            for (Map<String, Block> group : groups) {
                group.forEach((name, block) -> publicMembers(block.body()).forEach(member -> problems.add(
                        new Problem("no-public", block.file() + " " + name, "grants to " + member))));
            }
        }
        return problems;
    }

    private static List<String> publicMembers(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node == null) {
            return found;
        }
        if (node.isTextual()) {
            PUBLIC_MEMBERS.stream().filter(node.asText()::contains).forEach(found::add);
        } else if (node.isContainerNode()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                found.addAll(publicMembers(it.next()));
            }
        }
        return found;
    }

    public List<Environment> environments() {
        return environments;
    }
}
