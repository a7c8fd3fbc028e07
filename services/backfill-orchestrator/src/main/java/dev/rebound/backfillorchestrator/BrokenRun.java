package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;

/** A run Rebound believes must be redone: failed, stuck, missing by its expected time, or fed by stale input. */
public record BrokenRun(RunKey run, RunStatus status, String detail) {
}
