package dev.rebound.runtime.sql;

import java.util.ArrayList;
import java.util.List;

/** Rewrites {@code @name} parameters to JDBC's positional {@code ?}, skipping string literals and quoted names. */
public final class NamedParameters {
    public record Positional(String sql, List<String> names) {
    }

    private NamedParameters() {
    }

    public static Positional toPositional(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                out.append(c);
            } else if (c == '@' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int j = i + 1;
                while (j < sql.length() && Character.isJavaIdentifierPart(sql.charAt(j))) {
                    j++;
                }
                names.add(sql.substring(i + 1, j));
                out.append('?');
                i = j - 1;
            } else {
                out.append(c);
            }
        }
        return new Positional(out.toString(), names);
    }
}
