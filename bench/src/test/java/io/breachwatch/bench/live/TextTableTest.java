package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void padsEveryColumnToItsWidestCellAndRightAlignsNumberColumns() {
        TextTable t = new TextTable("kind", "events/s>")
                .row("baseline", "61,234")
                .row("breachwatch", "9,876");

        assertThat(t.lines()).containsExactly(
                "| kind        | events/s |",
                "|-------------|---------:|",
                "| baseline    |   61,234 |",
                "| breachwatch |    9,876 |");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        TextTable t = new TextTable("a", "b");

        assertThatThrownBy(() -> t.row("only one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 2 cells, got 1");
    }
}
