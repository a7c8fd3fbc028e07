package dev.rebound.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.catalog.SchedulerJobs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void everyMinuteFiresOnTheNextWholeMinute() {
        assertThat(CronSchedule.parse("* * * * *").next(t("2026-01-23T12:00:30Z"))).isEqualTo(t("2026-01-23T12:01:00Z"));
        assertThat(CronSchedule.parse("* * * * *").next(t("2026-01-23T12:00:00Z"))).isEqualTo(t("2026-01-23T12:01:00Z"));
    }

    @Test
    void stepsRangesAndLists() {
        CronSchedule quarter = CronSchedule.parse("*/15 * * * *");
        assertThat(quarter.next(t("2026-01-23T12:00:00Z"))).isEqualTo(t("2026-01-23T12:15:00Z"));
        assertThat(quarter.next(t("2026-01-23T12:59:59Z"))).isEqualTo(t("2026-01-23T13:00:00Z"));
        CronSchedule list = CronSchedule.parse("5,35 9-10 * * *");
        assertThat(list.next(t("2026-01-23T09:05:00Z"))).isEqualTo(t("2026-01-23T09:35:00Z"));
        assertThat(list.next(t("2026-01-23T10:35:00Z"))).isEqualTo(t("2026-01-24T09:05:00Z"));
        assertThat(CronSchedule.parse("10-50/20 * * * *").next(t("2026-01-23T09:31:00Z")))
                .isEqualTo(t("2026-01-23T09:50:00Z"));
    }

    @Test
    void dailyRollsOverMidnightAndMonthEnds() {
        CronSchedule daily = CronSchedule.parse("30 13 * * *");
        assertThat(daily.next(t("2026-01-23T13:30:00Z"))).isEqualTo(t("2026-01-24T13:30:00Z"));
        assertThat(CronSchedule.parse("0 0 1 * *").next(t("2026-01-31T23:59:00Z"))).isEqualTo(t("2026-02-01T00:00:00Z"));
        assertThat(CronSchedule.parse("0 12 29 2 *").next(t("2026-03-01T00:00:00Z"))).isEqualTo(t("2028-02-29T12:00:00Z"));
    }

    @Test
    void dayOfWeekWithSundayAsZeroOrSevenAndEitherDayFieldWhenBothAreSet() {
        // 2026-01-23 is a Friday; the next Sunday is the 25th
        assertThat(CronSchedule.parse("0 8 * * 0").next(t("2026-01-23T00:00:00Z"))).isEqualTo(t("2026-01-25T08:00:00Z"));
        assertThat(CronSchedule.parse("0 8 * * 7").next(t("2026-01-23T00:00:00Z"))).isEqualTo(t("2026-01-25T08:00:00Z"));
        assertThat(CronSchedule.parse("0 8 28 * 0").next(t("2026-01-23T00:00:00Z"))).isEqualTo(t("2026-01-25T08:00:00Z"));
        assertThat(CronSchedule.parse("0 8 24 * 0").next(t("2026-01-23T00:00:00Z"))).isEqualTo(t("2026-01-24T08:00:00Z"));
    }

    @Test
    void matchesSaysWhetherAnInstantIsAFiring() {
        assertThat(CronSchedule.parse("0 * * * *").matches(t("2026-01-23T14:00:00Z"))).isTrue();
        assertThat(CronSchedule.parse("0 * * * *").matches(t("2026-01-23T14:01:00Z"))).isFalse();
    }

    @Test
    void invalidExpressionsAreRejectedWithTheField() {
        assertThatThrownBy(() -> CronSchedule.parse("* * * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronSchedule.parse("* 24 * * *")).hasMessageContaining("hour");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *")).hasMessageContaining("step");
        assertThatThrownBy(() -> CronSchedule.parse("x * * * *")).hasMessageContaining("not a number");
    }

    @Test
    void everySchedulerJobOfTheCatalogParsesAndFires() {
        for (SchedulerJobs.Job job : SchedulerJobs.load().jobs()) {
            Instant next = CronSchedule.parse(job.schedule()).next(t("2026-01-23T12:00:00Z"));
            assertThat(next).as(job.name()).isAfter(t("2026-01-23T12:00:00Z")).isBefore(t("2026-01-24T12:00:01Z"));
        }
    }
}
