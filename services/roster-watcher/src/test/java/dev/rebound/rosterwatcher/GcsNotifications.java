package dev.rebound.rosterwatcher;

import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.events.gcs.GcsObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

/** Real GCS-format notifications (as in shared-events' fixtures/gcs/object-finalize.json) for the default scraper. */
public final class GcsNotifications {
    public static final String BUCKET = "nba-scraped-data";
    public static final List<String> TEAMS = List.of("ATL", "BOS", "BKN", "CHA", "CHI", "CLE", "DAL", "DEN", "DET",
            "GSW", "HOU", "IND", "LAC", "LAL", "MEM", "MIA", "MIL", "MIN", "NOP", "NYK", "OKC", "ORL", "PHI", "PHX",
            "POR", "SAC", "SAS", "TOR", "UTA", "WAS");

    private static final GcsNotificationCodec CODEC = new GcsNotificationCodec(new EventCodec());

    private GcsNotifications() {
    }

    public static String rosterObject(LocalDate date, String team) {
        return "espn/rosters/" + date + "/team_" + team + ".json";
    }

    public static GcsNotification notification(String eventType, String bucket, String objectName, long generation) {
        Instant at = Instant.parse("2026-01-23T14:30:00.123456Z");
        GcsObject object = new GcsObject("storage#object", bucket + "/" + objectName + "/" + generation, objectName,
                bucket, Long.toString(generation), "18342", "application/json", at.toString(), at.toString(),
                "q3mQy0r0bFvT3lZ0QmJmJw==");
        return new GcsNotification(eventType, bucket, objectName, generation, GcsNotification.JSON_API_V1, at,
                "projects/_/buckets/" + bucket + "/notificationConfigs/1", object);
    }

    public static EncodedMessage finalize(String bucket, String objectName, long generation) {
        return CODEC.encode(notification(GcsNotification.OBJECT_FINALIZE, bucket, objectName, generation));
    }

    public static EncodedMessage rosterFinalize(LocalDate date, String team, long generation) {
        return finalize(BUCKET, rosterObject(date, team), generation);
    }

    public static EncodedMessage delete(String bucket, String objectName, long generation) {
        return CODEC.encode(notification(GcsNotification.OBJECT_DELETE, bucket, objectName, generation));
    }

    /** The day's 30 roster files, generation {@code generation} each. */
    public static List<EncodedMessage> allTeams(LocalDate date, long generation) {
        return IntStream.range(0, TEAMS.size()).mapToObj(i -> rosterFinalize(date, TEAMS.get(i), generation)).toList();
    }

    public static List<String> gsPaths(LocalDate date) {
        return TEAMS.stream().map(t -> "gs://" + BUCKET + "/" + rosterObject(date, t)).sorted().toList();
    }
}
