package io.breachwatch.schema;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * java.util.regex with one ECMA 262 rule the schemas rely on: {@code $} (outside a character class) matches only at
 * the end of the input, as JSON Schema specifies. java.util.regex's {@code $}, like Python's and Oniguruma's, also
 * matches before a final newline, so a validator using it would let {@code "2026-03-14T09:12:48Z\n"} through.
 * The schemas use no other construct on which the two dialects differ.
 */
final class EcmaDollarRegex implements RegularExpressionFactory {
    static final EcmaDollarRegex INSTANCE = new EcmaDollarRegex();

    private EcmaDollarRegex() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(translate(regex));
        return value -> pattern.matcher(value).find();
    }

    static String translate(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '$' && !inClass) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
