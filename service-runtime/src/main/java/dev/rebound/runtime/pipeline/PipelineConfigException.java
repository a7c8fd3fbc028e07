package dev.rebound.runtime.pipeline;

/** The pipeline configuration is invalid; the message names the key (e.g. {@code edges[3].min_coverage}). */
public class PipelineConfigException extends RuntimeException {
    private final String key;

    public PipelineConfigException(String source, String key, String reason) {
        super("Invalid pipeline configuration " + source + ": " + key + ": " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
