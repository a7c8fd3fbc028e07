package dev.rebound.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code rebound}: the operators' command line. The same commands against the local mesh (found through
 * {@code .rebound/env}) and against Cloud Run ({@code --project P --region R}); human tables by default,
 * the services' own JSON with {@code --json}.
 */
@Command(name = "rebound", mixinStandardHelpOptions = true, version = "rebound 1",
        description = "See and steer Rebound: the local mesh by default (.rebound/env), Cloud Run with --project "
                + "and --region.",
        subcommands = {StatusCommand.class, RunsCommand.class, PlansCommand.class, AlertsCommand.class,
                IncidentsCommand.class, CoverageCommand.class, QuarantineCommand.class, DeadLettersCommand.class, ReplayCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done (status: every service ready)",
                "  1  a service refused or failed the request, or status found a service not ready",
                "  2  wrong command line",
                "  3  nothing to talk to: no local mesh and no --project, or a service unreachable",
                "  4  not authorized: no Google credentials, or the token was refused",
                "  5  not found: no such plan, message or date"})
public final class Rebound {
    @Option(names = "--project", scope = ScopeType.INHERIT, paramLabel = "PROJECT",
            description = "Google Cloud project of the Cloud Run services (with --region).")
    String project;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "Region of the Cloud Run services (with --project).")
    String region;

    @Option(names = "--impersonate-service-account", scope = ScopeType.INHERIT, paramLabel = "EMAIL",
            description = "Account to mint identity tokens as (default for a person: rb-operator@PROJECT).")
    String impersonate;

    @Option(names = "--env", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The local mesh's endpoints (default: .rebound/env here or in a directory above).")
    Path env;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the services' JSON instead of tables.")
    boolean json;

    private final PrintStream out;
    private final Path workingDirectory;
    private Api api;

    Rebound(PrintStream out, Path workingDirectory) {
        this.out = out;
        this.workingDirectory = workingDirectory;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Path.of("")));
    }

    /** Runs one command line; returns its exit code ({@link Exit}). */
    public static int run(String[] args, PrintStream out, PrintStream err, Path workingDirectory) {
        CommandLine cli = new CommandLine(new Rebound(out, workingDirectory));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CliException failure) {
                err.println("rebound: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The root command of a running subcommand. */
    static Rebound of(CommandSpec spec) {
        return (Rebound) spec.root().userObject();
    }

    PrintStream out() {
        return out;
    }

    boolean json() {
        return json;
    }

    synchronized Api api() {
        if (api == null) {
            api = new Api(target());
        }
        return api;
    }

    private Target target() {
        if (project != null || region != null) {
            if (project == null || region == null) {
                throw new CliException(Exit.USAGE, "--project and --region go together");
            }
            return new CloudRun(project, region, Optional.ofNullable(impersonate));
        }
        if (env != null) {
            if (!Files.isRegularFile(env)) {
                throw new CliException(Exit.UNREACHABLE, "no local mesh: " + env + " does not exist");
            }
            return LocalMesh.read(env);
        }
        return LocalMesh.read(LocalMesh.find(workingDirectory).orElseThrow(() -> new CliException(Exit.UNREACHABLE,
                "no local mesh: no .rebound/env here or above (./rebound up starts one); for Cloud Run give"
                        + " --project and --region")));
    }

    /** {@code --json}: the service's answer as it came, indented. */
    void printJson(JsonNode node) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
