package dev.rebound.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --since}: short durations (30m, 2h, 3d) become the ISO-8601 durations the services take. */
final class Since {
    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

    private Since() {
    }

    static String toParameter(String since) {
        if (since == null) {
            return null;
        }
        Matcher m = SHORT.matcher(since.trim());
        if (!m.matches()) {
            return since.trim();
        }
        return switch (m.group(2)) {
            case "d" -> "P" + m.group(1) + "D";
            case "h" -> "PT" + m.group(1) + "H";
            case "m" -> "PT" + m.group(1) + "M";
            default -> "PT" + m.group(1) + "S";
        };
    }
}
