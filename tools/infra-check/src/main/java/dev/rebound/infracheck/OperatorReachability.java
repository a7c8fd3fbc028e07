package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.infracheck.Environment.InvokerBinding;
import dev.rebound.infracheck.Environment.OperatorAccess;
import dev.rebound.infracheck.Environment.TopicDeclaration;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * People can reach what is theirs, and only through what infra/ declares: the operators group reads the services'
 * URLs and impersonates the operator account, which may invoke every service (the rebound CLI); the dashboard
 * sits behind Identity-Aware Proxy for the same group; and the catalog's replayer may publish to every topic and
 * read every dead-letter hold, as replay, quarantine re-publishing and redrive need.
 */
final class OperatorReachability {
    static final String OPERATOR = "operator";
    static final String IAP = "iap";
    /** The service people open in a browser. */
    static final String DASHBOARD_SERVICE = "coverage-monitor";
    private static final String GROUP_VARIABLE = "${var.operators_group}";

    private final TerraformModel model;
    private final TopicCatalog catalog;
    private final List<Environment> environments;
    private final Set<String> services;

    OperatorReachability(TerraformModel model, TopicCatalog catalog, List<Environment> environments,
            Set<String> services) {
        this.model = model;
        this.catalog = catalog;
        this.environments = environments;
        this.services = services;
    }

    /** Whether an invoker binding is there for the operators or for IAP, as this environment declares them. */
    static boolean justified(Environment env, InvokerBinding b) {
        if (OPERATOR.equals(b.caller())) {
            return env.operatorAccess().stream().anyMatch(o -> o.services().contains(b.service())
                    && Hcl.normalized(o.operatorAccount()).equals(Hcl.normalized(b.identity())));
        }
        if (IAP.equals(b.caller())) {
            return env.iapBackends().stream().anyMatch(i -> Objects.equals(i.service(), b.service()))
                    && Hcl.mentions(b.identity(), "iap_service_agent") && iapAgent(env);
        }
        return false;
    }

    private static boolean iapAgent(Environment env) {
        Block agent = env.module().locals().get("iap_service_agent");
        return agent != null && Hcl.normalized(agent.body()).contains("@gcp-sa-iap.iam.gserviceaccount.com");
    }

    List<Problem> operators() {
        String check = "operators";
        List<Problem> problems = new ArrayList<>();
        for (Environment env : environments) {
            Block variable = env.module().variables().get("operators_group");
            if (variable == null) {
                problems.add(new Problem(check, env.dir(), "declares no operators_group variable"));
            } else if (!Hcl.normalized(variable.body()).contains("startswith(var.operators_group,\\\"group:\\\")")) {
                problems.add(new Problem(check, env.dir(), "variable operators_group must be validated as a Google"
                        + " group (startswith(var.operators_group, \"group:\"))"));
            }
            List<OperatorAccess> access = env.operatorAccess();
            if (access.isEmpty()) {
                problems.add(new Problem(check, env.dir(), "no call of " + Environment.OPERATOR_ACCESS_MODULE
                        + ": the operators can neither find the services nor mint tokens for them"));
            }
            for (OperatorAccess a : access) {
                String where = env.dir() + " module." + a.call();
                if (!GROUP_VARIABLE.equals(Hcl.normalized(a.operatorsGroup()))) {
                    problems.add(new Problem(check, where, "operators_group must be var.operators_group, found "
                            + Hcl.normalized(a.operatorsGroup())));
                }
                services.stream().filter(s -> !a.services().contains(s)).forEach(s -> problems.add(new Problem(
                        check, where, "the operators cannot look up " + s + " (not in services)")));
            }
            for (String service : services) {
                boolean invokable = env.invokers().stream().anyMatch(b -> OPERATOR.equals(b.caller())
                        && service.equals(b.service()) && justified(env, b));
                if (!invokable) {
                    problems.add(new Problem(check, env.dir(), "the operators cannot call " + service + ": no "
                            + "roles/run.invoker (caller \"operator\") for the account they impersonate"));
                }
            }
            problems.addAll(dashboard(env));
        }
        model.module(Environment.OPERATOR_ACCESS_MODULE).ifPresent(m -> problems.addAll(accessModule(m)));
        model.module(Environment.IAP_MODULE).ifPresent(m -> problems.addAll(iapModule(m)));
        return problems;
    }

    private List<Problem> dashboard(Environment env) {
        String check = "operators";
        List<Problem> problems = new ArrayList<>();
        List<Environment.IapBackend> backends = env.iapBackends().stream()
                .filter(i -> DASHBOARD_SERVICE.equals(i.service())).toList();
        if (backends.isEmpty()) {
            problems.add(new Problem(check, env.dir(), "the dashboard (" + DASHBOARD_SERVICE + ") is behind no "
                    + Environment.IAP_MODULE + " load balancer"));
        }
        for (Environment.IapBackend backend : backends) {
            if (!Hcl.normalized(backend.accessors()).contains(GROUP_VARIABLE)) {
                problems.add(new Problem(check, env.dir() + " module." + backend.call(),
                        "IAP does not let the operators group (var.operators_group) through to the dashboard"));
            }
        }
        boolean iapInvokes = env.invokers().stream().anyMatch(b -> IAP.equals(b.caller())
                && DASHBOARD_SERVICE.equals(b.service()) && justified(env, b));
        if (!backends.isEmpty() && !iapInvokes) {
            problems.add(new Problem(check, env.dir(), "IAP cannot call " + DASHBOARD_SERVICE + ": its service agent"
                    + " (local.iap_service_agent) holds no roles/run.invoker (caller \"iap\")"));
        }
        return problems;
    }

    private static List<Problem> accessModule(TerraformModule m) {
        List<Problem> problems = new ArrayList<>();
        boolean mint = m.resources("google_service_account_iam_member").values().stream().anyMatch(b ->
                role(b, "roles/iam.serviceAccountOpenIdTokenCreator") && Hcl.mentions(b.body().get("member"),
                        "var.operators_group") && Hcl.mentions(b.body().get("service_account_id"),
                        "var.operator_service_account_email"));
        if (!mint) {
            problems.add(new Problem("module-wiring", m.dir(), "the operators group is not granted"
                    + " roles/iam.serviceAccountOpenIdTokenCreator on the operator account"));
        }
        boolean view = m.resources("google_cloud_run_v2_service_iam_member").values().stream().anyMatch(b ->
                role(b, "roles/run.viewer") && Hcl.mentions(b.body().get("member"), "var.operators_group")
                        && Hcl.mentions(b.body().get("for_each"), "var.services"));
        if (!view) {
            problems.add(new Problem("module-wiring", m.dir(), "the operators group is not granted roles/run.viewer"
                    + " on each of var.services"));
        }
        return problems;
    }

    private static List<Problem> iapModule(TerraformModule m) {
        List<Problem> problems = new ArrayList<>();
        boolean iapOn = m.resources("google_compute_backend_service").values().stream().anyMatch(b ->
                Hcl.nestedBlock(b.body(), "iap").map(iap -> iap.path("enabled").asBoolean(false)).orElse(false));
        if (!iapOn) {
            problems.add(new Problem("module-wiring", m.dir(), "the backend service does not enable IAP"));
        }
        boolean behind = m.resources("google_compute_region_network_endpoint_group").values().stream().anyMatch(b ->
                Hcl.nestedBlock(b.body(), "cloud_run").map(r -> Hcl.mentions(r.get("service"), "var.service"))
                        .orElse(false));
        if (!behind) {
            problems.add(new Problem("module-wiring", m.dir(), "no serverless NEG of var.service"));
        }
        boolean accessors = m.resources("google_iap_web_backend_service_iam_member").values().stream().anyMatch(b ->
                role(b, "roles/iap.httpsResourceAccessor") && Hcl.mentions(b.body().get("member"), "each.value")
                        && Hcl.mentions(b.body().get("for_each"), "var.accessors"));
        if (!accessors) {
            problems.add(new Problem("module-wiring", m.dir(), "IAP access is not granted to each of var.accessors"));
        }
        return problems;
    }

    /** The replayer publishes to every topic and reads every dead-letter hold, named as the catalog names them. */
    List<Problem> replayer() {
        String check = "replay";
        List<Problem> problems = new ArrayList<>();
        String replayer = catalog.replayer().service();
        for (Environment env : environments) {
            Block replayers = env.module().locals().get("replayers");
            if (replayers == null || !Hcl.normalized(replayers.body()).contains("runtime_emails[\\\"" + replayer + "\\\"]")) {
                problems.add(new Problem(check, env.dir(), "local.replayers must be the runtime account of the"
                        + " catalog's replayer, " + replayer));
            }
            for (TopicDeclaration t : env.topics()) {
                String where = env.dir() + " module." + t.call();
                if (!Hcl.mentions(t.republishers(), "local.replayers")) {
                    problems.add(new Problem(check, where, replayer + " cannot re-publish to " + t.topic()
                            + ": republishers must be local.replayers"));
                }
                if (t.deadLetter() == null || t.topic() == null) {
                    continue;
                }
                if (!catalog.deadLetterTopicName(t.topic()).equals(t.deadLetter().topic())
                        || !catalog.deadLetterHoldSubscriptionName(t.topic()).equals(t.deadLetter().holdSubscription())) {
                    problems.add(new Problem(check, where, "dead letters of " + t.topic() + " must go to "
                            + catalog.deadLetterTopicName(t.topic()) + ", held by "
                            + catalog.deadLetterHoldSubscriptionName(t.topic()) + " (the topic catalog's names)"));
                }
                if (!Hcl.mentions(t.deadLetter().subscribers(), "local.replayers")) {
                    problems.add(new Problem(check, where, replayer + " cannot list or redrive the dead letters of "
                            + t.topic() + ": dead_letter.subscribers must be local.replayers"));
                }
            }
        }
        model.module(Environment.TOPIC_MODULE).ifPresent(m -> {
            boolean publish = m.resources("google_pubsub_topic_iam_member").values().stream().anyMatch(b ->
                    role(b, "roles/pubsub.publisher") && Hcl.mentions(b.body().get("for_each"), "republish"));
            boolean read = m.resources("google_pubsub_subscription_iam_member").values().stream().anyMatch(b ->
                    role(b, "roles/pubsub.subscriber") && Hcl.mentions(b.body().get("subscription"), "dead_letter_hold")
                            && Hcl.mentions(b.body().get("for_each"), "dead_letter_readers"));
            if (!publish) {
                problems.add(new Problem("module-wiring", m.dir(), "var.republishers are not granted roles/pubsub.publisher"));
            }
            if (!read) {
                problems.add(new Problem("module-wiring", m.dir(),
                        "dead_letter.subscribers are not granted roles/pubsub.subscriber on the hold subscription"));
            }
        });
        return problems;
    }

    private static boolean role(Block b, String role) {
        JsonNode r = b.body().get("role");
        return Hcl.literalString(r).filter(role::equals).isPresent();
    }
}
