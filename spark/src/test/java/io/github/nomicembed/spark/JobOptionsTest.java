package io.github.nomicembed.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.modelcache.ModelCache;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

    @Test
    void defaultsFollowTheContract() {
        JobOptions o = JobOptions.parse("--input", "in.jsonl", "--output", "out", "--model-path", "/m");

        assertThat(o.inputFormat()).isEqualTo("json");
        assertThat(o.idColumn()).isEqualTo("id");
        assertThat(o.textColumn()).isEqualTo("text");
        assertThat(o.outputFormat()).isEqualTo("parquet");
        assertThat(o.prompt()).isEqualTo("document");
        assertThat(o.dimensions()).isZero();
        assertThat(o.jdbcOutput()).isFalse();
        assertThat(o.model()).isEqualTo(ModelSource.path("/m"));
        assertThat(o.spec().batchSize()).isEqualTo(64);
        assertThat(o.spec().truncation()).isEqualTo("truncate");
    }

    @Test
    void jdbcOutputTakesTableAndCredentialsAndModelIdTakesTheCache() {
        JobOptions o = JobOptions.parse("--input", "in", "--input-format", "CSV", "--output",
                "jdbc:postgresql://db:5432/app", "--user", "u", "--password=p", "--model-id", "org/model",
                "--revision", "v1", "--cache-dir", "/cache", "--offline", "--prompt", "query", "--dimensions", "256");

        assertThat(o.jdbcOutput()).isTrue();
        assertThat(o.table()).isEqualTo("vector_store");
        assertThat(o.user()).isEqualTo("u");
        assertThat(o.password()).isEqualTo("p");
        assertThat(o.inputFormat()).isEqualTo("csv");
        assertThat(o.model()).isEqualTo(ModelSource.hub("org/model", "v1", "/cache", true));
        assertThat(o.prompt()).isEqualTo("query");
        assertThat(o.dimensions()).isEqualTo(256);
        assertThat(JobOptions.parse("--input", "i", "--output", "o").model().modelId())
                .isEqualTo(ModelCache.DEFAULT_MODEL_ID);
    }

    @Test
    void badOptionsSayWhatIsWrongAndWhatIsAllowed() {
        assertThatThrownBy(() -> JobOptions.parse("--output", "o")).hasMessage("Missing --input");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--input-format", "avro"))
                .hasMessage("--input-format 'avro' is not supported; allowed: parquet, json, csv");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--output-format", "csv"))
                .hasMessage("--output-format 'csv' is not supported; allowed: parquet, json");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--prompt", "a b"))
                .hasMessageContaining("allowed: query, document, none or a prompt name");
        assertThat(JobOptions.parse("--input", "i", "--output", "o", "--prompt", "Clustering").prompt())
                .isEqualTo("Clustering");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--dimensions", "x"))
                .hasMessage("--dimensions must be an integer, was 'x'");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--dimensions", "0"))
                .hasMessage("--dimensions must be >= 1, was 0");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--colour", "red"))
                .hasMessageStartingWith("Unknown option --colour; allowed: --batch-size, --cache-dir");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--table", "t"))
                .hasMessage("--table is for a jdbc:postgresql: --output only");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "jdbc:mysql://x/y"))
                .hasMessageContaining("only jdbc:postgresql: URLs are supported");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--model-path", "/m",
                "--model-id", "a/b")).hasMessageContaining("either modelPath or modelId");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--output", "o", "--batch-size"))
                .hasMessage("Option --batch-size needs a value");
        assertThatThrownBy(() -> JobOptions.parse("--input", "i", "--input", "j", "--output", "o"))
                .hasMessage("Option --input is given twice");
    }

    @Test
    void theUsageLineSaysThatAnyPromptNameWorks() {
        assertThat(JobOptions.USAGE).contains("[--prompt document|query|none|NAME]");
        assertThat(JobOptions.parse("--input", "i", "--output", "o", "--prompt", "STS").prompt()).isEqualTo("STS");
    }
}
