package dev.rebound.backfillorchestrator;

import dev.rebound.events.Cause;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The cascade a plan carries in every event: the broken roots first, then every run the repair touches with what is
 * known of it (broken, or at risk because of what it depends on), then causes the signal already knew (a coverage
 * gap's suspects) — each (run, status) once.
 */
final class CauseChain {
    private final Topology topology;
    private final Function<RunKey, Optional<BrokenRun>> brokenness;

    CauseChain(Topology topology, Function<RunKey, Optional<BrokenRun>> brokenness) {
        this.topology = topology;
        this.brokenness = brokenness;
    }

    List<Cause> of(List<RunKey> ordered, Map<RunKey, BrokenRun> roots, List<Cause> known) {
        List<Cause> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RunKey run : ordered) {
            BrokenRun root = roots.get(run);
            if (root != null && seen.add(run + root.status().wire())) {
                chain.add(new Cause(run.processor(), run.dataDate(), root.status().wire(), root.detail()));
            }
        }
        for (RunKey run : ordered) {
            if (roots.containsKey(run)) {
                continue;
            }
            Optional<BrokenRun> broken = brokenness.apply(run);
            String status = broken.map(b -> b.status().wire()).orElse(RunStatus.AT_RISK.wire());
            String upstream = String.join(", ", topology.upstreamRunsOf(run).stream().map(RunKey::toString).toList());
            String detail = broken.map(BrokenRun::detail).orElse("depends on " + upstream);
            if (seen.add(run + status)) {
                chain.add(new Cause(run.processor(), run.dataDate(), status, detail));
            }
        }
        for (Cause cause : known) {
            if (cause.processor() != null && !cause.processor().isBlank() && cause.status() != null
                    && !cause.status().isBlank() && seen.add(cause.processor() + "(" + cause.dataDate() + ")"
                            + cause.status())) {
                chain.add(cause);
            }
        }
        return chain;
    }
}
