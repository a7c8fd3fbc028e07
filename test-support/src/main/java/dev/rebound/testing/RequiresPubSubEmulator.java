package dev.rebound.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests only where a Pub/Sub emulator can be had; elsewhere they are reported as skipped with
 * one line saying what to install, except where the emulator is required (CI): there they fail with that line.
 * Put it before {@code @QuarkusTest} so the check runs before Quarkus boots.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PubSubEmulatorCondition.class)
public @interface RequiresPubSubEmulator {
}
