package io.breachwatch.schema.parse;

import io.breachwatch.schema.InvalidEventException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The meta lines of one block of a Zeek tab-separated log: {@code #separator} (written with a space and an escape,
 * {@code #separator \x09}, because no separator is known yet), then, split by that separator,
 * {@code #set_separator}, {@code #empty_field}, {@code #unset_field}, {@code #path}, {@code #open}, {@code #fields},
 * {@code #types} and at the end {@code #close}. Rotated files concatenated together repeat the block, so a new
 * {@code #separator} starts over. Zeek's {@code tsv} mode writes a single unprefixed column-name row instead, read
 * with the default markers.
 */
final class ZeekTsvHeader {
    static final String DEFAULT_SEPARATOR = "\t";
    static final String DEFAULT_UNSET = "-";
    static final String DEFAULT_EMPTY = "(empty)";
    // Zeek's separators are strings; anything longer than this is not a header someone meant.
    private static final int MAX_SEPARATOR_CHARS = 8;

    private String separator = DEFAULT_SEPARATOR;
    private String unsetField = DEFAULT_UNSET;
    private String emptyField = DEFAULT_EMPTY;
    private String path;
    private List<String> fields;
    private Map<String, Integer> index = Map.of();

    /** @param line a line starting with {@code #}, terminator removed */
    void apply(String line) {
        if (line.startsWith("#separator") && line.length() > "#separator".length()
                && Character.isWhitespace(line.charAt("#separator".length()))) {
            String value = ZeekText.unescape(line.substring("#separator".length() + 1));
            if (value.isEmpty() || value.length() > MAX_SEPARATOR_CHARS) {
                throw InvalidEventException.invalidField("#separator", "is empty or longer than "
                        + MAX_SEPARATOR_CHARS + " characters");
            }
            reset();
            separator = value;
            return;
        }
        int keyEnd = line.indexOf(separator);
        String key = keyEnd < 0 ? line : line.substring(0, keyEnd);
        String value = keyEnd < 0 ? "" : line.substring(keyEnd + separator.length());
        switch (key) {
            case "#unset_field" -> unsetField = ZeekText.unescape(value);
            case "#empty_field" -> emptyField = ZeekText.unescape(value);
            case "#path" -> path = ZeekText.unescape(value);
            case "#fields" -> setFields(split(value));
            default -> {
                // #set_separator, #open, #close, #types and anything newer: nothing a canonical event needs.
            }
        }
    }

    /** Zeek's {@code tsv} mode: one row of column names and no meta lines. */
    void applyColumnNames(String line) {
        reset();
        setFields(split(line));
    }

    String[] split(String line) {
        if (separator.length() == 1) {
            return splitOn(line, separator.charAt(0));
        }
        return line.split(java.util.regex.Pattern.quote(separator), -1);
    }

    boolean hasFields() {
        return fields != null;
    }

    int fieldCount() {
        return fields == null ? 0 : fields.size();
    }

    /** @return the column of a field, or -1 when the header does not name it */
    int column(String field) {
        return index.getOrDefault(field, -1);
    }

    boolean names(String field) {
        return index.containsKey(field);
    }

    /** The {@code #path}, e.g. {@code conn}; null when the block has none. */
    String path() {
        return path;
    }

    String unsetField() {
        return unsetField;
    }

    String emptyField() {
        return emptyField;
    }

    private void setFields(String[] names) {
        fields = List.copyOf(Arrays.asList(names));
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            columns.putIfAbsent(names[i], i);
        }
        index = columns;
    }

    private void reset() {
        separator = DEFAULT_SEPARATOR;
        unsetField = DEFAULT_UNSET;
        emptyField = DEFAULT_EMPTY;
        path = null;
        fields = null;
        index = Map.of();
    }

    private static String[] splitOn(String line, char separator) {
        int count = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == separator) {
                count++;
            }
        }
        String[] parts = new String[count];
        int start = 0;
        int part = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == separator) {
                parts[part++] = line.substring(start, i);
                start = i + 1;
            }
        }
        parts[part] = line.substring(start);
        return parts;
    }
}
