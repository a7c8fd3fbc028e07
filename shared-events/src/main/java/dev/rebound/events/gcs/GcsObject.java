package dev.rebound.events.gcs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The subset of Cloud Storage's JSON_API_V1 object resource Rebound reads; numbers are strings, as GCS sends them. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GcsObject(String kind, String id, String name, String bucket, String generation, String size,
        String contentType, String timeCreated, String updated, String md5Hash) {
}
