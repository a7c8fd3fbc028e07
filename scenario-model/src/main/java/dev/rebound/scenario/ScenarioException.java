package dev.rebound.scenario;

/** A scenario file that cannot be used: names the file, the field path and what is wrong with it. */
public class ScenarioException extends RuntimeException {
    private final String field;

    public ScenarioException(String source, String field, String problem) {
        super(source + ": " + field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
