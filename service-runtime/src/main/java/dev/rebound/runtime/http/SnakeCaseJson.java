package dev.rebound.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.events.codec.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The services' HTTP JSON is the contract's JSON ({@link Json}): resources return records and the fields come out
 * snake_case, with RFC 3339 times, like every event.
 */
@Singleton
public class SnakeCaseJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
