package dev.rebound.events.catalog;

import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The periodic endpoints Cloud Scheduler calls ({@code rebound/scheduler-jobs.json}): Terraform declares exactly
 * these, and the local simulator plays the same schedules.
 */
public record SchedulerJobs(String description, String timeZone, List<Job> jobs) {

    public static final String RESOURCE = "rebound/scheduler-jobs.json";

    /** {@code schedule} is a five-field cron expression in {@link #timeZone()}. */
    public record Job(String name, String service, String path, String schedule, String description) {
    }

    public static SchedulerJobs load() {
        try (InputStream in = SchedulerJobs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE + " on the classpath");
            }
            return Json.mapper().readValue(in, SchedulerJobs.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Job> jobsOf(String service) {
        return jobs.stream().filter(j -> j.service().equals(service)).toList();
    }
}
