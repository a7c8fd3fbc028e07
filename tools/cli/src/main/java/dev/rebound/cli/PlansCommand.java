package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Repair plans (backfill-orchestrator): watch them, start one by hand, stop one. */
@Command(name = "plans", description = "Repair plans (backfill-orchestrator).",
        subcommands = {PlansCommand.ListPlans.class, PlansCommand.Show.class, PlansCommand.Create.class,
                PlansCommand.Cancel.class})
final class PlansCommand {

    @Command(name = "list", description = "Plans in progress, then the most recent ones.")
    static final class ListPlans implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", description = "How many recent plans (default 50).")
        Integer limit;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            JsonNode plans = root.api().get(Service.BACKFILL_ORCHESTRATOR,
                    Api.query("/plans", java.util.Collections.singletonMap("limit", limit)));
            if (root.json()) {
                root.printJson(plans);
                return Exit.OK;
            }
            PrintStream out = root.out();
            out.println("In progress (" + plans.path("steps_in_flight").asInt() + " steps triggered and running):");
            table(out, plans.path("active"));
            out.println();
            out.println("Recent:");
            table(out, plans.path("recent"));
            return Exit.OK;
        }

        private static void table(PrintStream out, JsonNode plans) {
            Table table = new Table("PLAN", "STATUS", "REASON", "ROOT", "DATA DATE", "STEPS DONE", "CREATED");
            for (JsonNode p : plans) {
                long done = 0;
                for (JsonNode s : p.path("steps")) {
                    done += "done".equals(s.path("state").asText()) ? 1 : 0;
                }
                table.row(Table.text(p, "plan_id"), Table.text(p, "status"), Table.text(p, "reason"),
                        Table.text(p, "root_processor"), Table.text(p, "root_data_date"),
                        done + "/" + p.path("steps").size(), Table.text(p, "created_at"));
            }
            if (table.isEmpty()) {
                out.println("  none");
            } else {
                table.print(out);
            }
        }
    }

    @Command(name = "show", description = "One plan: its steps, what each waits for, and the cause chain.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PLAN_ID")
        String planId;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            return print(root, root.api().get(Service.BACKFILL_ORCHESTRATOR, "/plans/" + planId));
        }
    }

    @Command(name = "create", description = "Recover DATE from PROCESSOR: re-run it and everything downstream, in "
            + "order (returns the plan already open for them, if any).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PROCESSOR")
        String processor;

        @Parameters(index = "1", paramLabel = "DATE", description = "The data date, YYYY-MM-DD.")
        String date;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            return print(root, root.api().post(Service.BACKFILL_ORCHESTRATOR, "/plans",
                    Map.of("processor", processor, "data_date", date)));
        }
    }

    @Command(name = "cancel", description = "Stop a plan: its open steps are cancelled, nothing more is triggered.")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PLAN_ID")
        String planId;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            return print(root, root.api().post(Service.BACKFILL_ORCHESTRATOR, "/plans/" + planId + "/cancel", null));
        }
    }

    static int print(Rebound root, JsonNode plan) {
        if (root.json()) {
            root.printJson(plan);
            return Exit.OK;
        }
        PrintStream out = root.out();
        out.printf("Plan %s  %s  (%s)%n", Table.text(plan, "plan_id"), Table.text(plan, "status"),
                Table.text(plan, "reason"));
        out.printf("  root %s %s, created %s, earliest tip-off %s%n", Table.text(plan, "root_processor"),
                Table.text(plan, "root_data_date"), Table.text(plan, "created_at"),
                Table.text(plan, "earliest_tipoff_at"));
        if (plan.hasNonNull("closed_at")) {
            out.printf("  closed %s: %s%n", Table.text(plan, "closed_at"), Table.text(plan, "close_reason"));
        }
        Table steps = new Table("STEP", "PROCESSOR", "DATA DATE", "STATE", "ATTEMPTS", "DEGRADED", "DETAIL");
        for (JsonNode s : plan.path("steps")) {
            steps.row(Table.text(s, "step_id"), Table.text(s, "processor"), Table.text(s, "data_date"),
                    Table.text(s, "state"), Table.text(s, "attempts"), s.path("degraded").asBoolean() ? "yes" : "",
                    Table.text(s, "detail"));
        }
        steps.print(out);
        if (plan.path("cause_chain").size() > 0) {
            out.println("Cause chain, root first:");
            for (JsonNode c : plan.path("cause_chain")) {
                out.printf("  %s %s %s: %s%n", Table.text(c, "processor"), Table.text(c, "data_date"),
                        Table.text(c, "status"), Table.text(c, "detail"));
            }
        }
        return Exit.OK;
    }
}
