package io.breachwatch.schema.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson set-up for reading JSON logs written by other programs (Zeek, CloudTrail). Unlike the canonical
 * events' strict mapping these are read as trees, because their producers add fields freely; what stays strict is
 * what protects the reader: string, number and nesting limits, duplicate keys rejected (two readers must not see
 * two different records), no trailing content, and numbers kept exact ({@code ts} 1664462456.755299 must not pass
 * through a double). Never default typing: nothing is bound to a class named by the input.
 */
final class LogJson {
    // Longer than any real timestamp, count or port; BigDecimal work on a 1000-digit number is what it prevents.
    private static final int MAX_NUMBER_CHARS = 64;

    private LogJson() {
    }

    /**
     * A mapper for one JSON value per text: {@code readTree} fails on anything after the value.
     *
     * @param maxStringChars  longest string token, and longest field name
     * @param maxNestingDepth deepest object/array nesting
     */
    static ObjectMapper mapper(int maxStringChars, int maxNestingDepth) {
        return build(maxStringChars, maxNestingDepth, true);
    }

    /**
     * A mapper for streaming through several values of one text with {@link JsonParser#readValueAsTree()}, which
     * with {@code FAIL_ON_TRAILING_TOKENS} would reject every value but the last.
     */
    static ObjectMapper streamingMapper(int maxStringChars, int maxNestingDepth) {
        return build(maxStringChars, maxNestingDepth, false);
    }

    private static ObjectMapper build(int maxStringChars, int maxNestingDepth, boolean singleValue) {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, singleValue)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxStringChars)
                .maxNameLength(maxStringChars)
                .maxNestingDepth(maxNestingDepth)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .build());
        return mapper;
    }
}
