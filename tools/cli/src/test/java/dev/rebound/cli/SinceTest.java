package dev.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SinceTest {

    @Test
    void shortDurationsBecomeIsoDurationsAndEverythingElsePassesThrough() {
        assertThat(Since.toParameter("30m")).isEqualTo("PT30M");
        assertThat(Since.toParameter("2h")).isEqualTo("PT2H");
        assertThat(Since.toParameter("3d")).isEqualTo("P3D");
        assertThat(Since.toParameter("45s")).isEqualTo("PT45S");
        assertThat(Since.toParameter("PT90M")).isEqualTo("PT90M");
        assertThat(Since.toParameter("2026-01-23T12:00:00Z")).isEqualTo("2026-01-23T12:00:00Z");
        assertThat(Since.toParameter(null)).isNull();
    }
}
