package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A missing dataset is an empty answer with a message that says where to put it, never an exception. */
class DatasetsTest {

    @Test
    void missingDatasetIsEmptyAndTheMessageNamesTheSettings() {
        assertThat(Datasets.file("no-such-dataset/none.log")).isEmpty();
        assertThat(Datasets.missing("no-such-dataset/none.log"))
                .contains("no-such-dataset/none.log", Datasets.PROPERTY, Datasets.ENVIRONMENT);
    }

    @Test
    void defaultLocationIsSharedDataNextToTheRepository() {
        assertThat(Datasets.candidates()).last().asString().endsWith("shared/data");
    }
}
