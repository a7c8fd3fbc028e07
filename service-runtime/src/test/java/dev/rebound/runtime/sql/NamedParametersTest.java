package dev.rebound.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedParametersTest {
    @Test
    void namedParametersBecomePositionalInOrder() {
        NamedParameters.Positional p = NamedParameters.toPositional(
                "SELECT * FROM t WHERE a = @a AND b > @b_2 OR a = @a");
        assertThat(p.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b > ? OR a = ?");
        assertThat(p.names()).containsExactly("a", "b_2", "a");
    }

    @Test
    void atSignsInsideLiteralsAndQuotedNamesAreLeftAlone() {
        NamedParameters.Positional p = NamedParameters.toPositional(
                "SELECT '@not' AS x, \"@col\" FROM `p.d@t` WHERE e = @email");
        assertThat(p.sql()).isEqualTo("SELECT '@not' AS x, \"@col\" FROM `p.d@t` WHERE e = ?");
        assertThat(p.names()).containsExactly("email");
    }
}
