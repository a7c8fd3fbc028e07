package dev.rebound.scenario;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) as Cloud Scheduler reads it: lists,
 * ranges, steps and {@code *}; day-of-week 0-7 with 0 and 7 Sunday; when both day fields are restricted a day
 * matching either fires (Vixie cron). Evaluated in UTC, the scheduler catalog's time zone.
 */
public final class CronSchedule {
    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysRestricted;
    private final boolean weekdaysRestricted;

    private CronSchedule(String expression) {
        this.expression = expression;
        String[] f = expression.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron '" + expression + "' must have 5 fields, has " + f.length);
        }
        minutes = parse(f[0], 0, 59, "minute");
        hours = parse(f[1], 0, 23, "hour");
        days = parse(f[2], 1, 31, "day of month");
        months = parse(f[3], 1, 12, "month");
        weekdays = parse(f[4], 0, 7, "day of week");
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        daysRestricted = !f[2].equals("*");
        weekdaysRestricted = !f[4].equals("*");
    }

    public static CronSchedule parse(String expression) {
        return new CronSchedule(expression);
    }

    public String expression() {
        return expression;
    }

    /** The first firing time strictly after {@code after} (whole minutes, UTC). */
    public Instant next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.withHour(0).withMinute(0).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.withMinute(0).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant();
        }
        throw new IllegalStateException("cron '" + expression + "' never fires");
    }

    public boolean matches(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return months.get(t.getMonthValue()) && dayMatches(t) && hours.get(t.getHour()) && minutes.get(t.getMinute());
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = days.get(t.getDayOfMonth());
        boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (daysRestricted && weekdaysRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private BitSet parse(String field, int min, int max, String name) {
        BitSet set = new BitSet(max + 1);
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), name);
                range = part.substring(0, slash);
                if (step < 1) {
                    throw new IllegalArgumentException("cron " + name + " step must be positive in '" + expression + "'");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], name);
                to = number(ends[1], name);
            } else {
                from = number(range, name);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException("cron " + name + " '" + part + "' is outside " + min + "-" + max
                        + " in '" + expression + "'");
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private int number(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + name + " '" + text + "' is not a number in '" + expression + "'");
        }
    }
}
