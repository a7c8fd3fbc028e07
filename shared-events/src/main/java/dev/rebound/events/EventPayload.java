package dev.rebound.events;

/** The data of a Rebound event: one record per {@code ce-type}, serialised as snake_case JSON. */
public interface EventPayload {
}
