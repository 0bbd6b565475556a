package io.breachwatch.schema.parse;

import java.util.regex.Pattern;

/**
 * Turns HTTP request targets into endpoint templates so that calls aggregate by what they do: {@code
 * /orders/12345/items?page=2} and {@code /orders/67890/items} are both {@code /orders/{id}/items}. The operation of
 * an HTTP {@link io.breachwatch.schema.ApiCallEvent} is {@code <METHOD> <template>}, e.g. {@code GET /orders/{id}},
 * as docs/event-schema.md defines it.
 *
 * <p>A path segment becomes {@code {id}} when it is a number, a UUID, or a long hexadecimal string with a digit
 * (object ids, hashes); names such as {@code v2} or {@code 2fa} stay. The query and fragment are dropped, as are
 * matrix parameters ({@code ;jsessionid=…}, a per-session id). Templates longer than {@link #MAX_TEMPLATE_CHARS}
 * are cut, marked with {@code …}: a 4 KiB probe URL is still one call of something, not a broken line.
 */
final class Endpoints {
    static final String ID = "{id}";
    static final int MAX_TEMPLATE_CHARS = 512;

    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LONG_HEX = Pattern.compile("(?=[a-fA-F]*[0-9])[0-9a-fA-F]{16,}");

    private Endpoints() {
    }

    /** {@code GET /orders/{id}}; see the class comment. */
    static String operation(String method, String target) {
        return method + " " + template(target);
    }

    /**
     * The endpoint template of a request target: origin form ({@code /a/b?q}), absolute form
     * ({@code http://host/a/b}, proxies), {@code *} ({@code OPTIONS *}); anything else (a CONNECT authority, a
     * probe's junk) is kept as sent, cut to the limit. Null or empty is {@code /}.
     */
    static String template(String target) {
        if (target == null || target.isEmpty()) {
            return "/";
        }
        String path = withoutQuery(withoutSchemeAndAuthority(target));
        if (path.isEmpty()) {
            return "/";
        }
        if (path.charAt(0) != '/') {
            return cut(path);
        }
        StringBuilder template = new StringBuilder(Math.min(path.length(), MAX_TEMPLATE_CHARS + 1));
        int start = 1;
        template.append('/');
        while (start <= path.length() && template.length() <= MAX_TEMPLATE_CHARS) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            template.append(segment(path.substring(start, end)));
            if (end < path.length()) {
                template.append('/');
            }
            start = end + 1;
        }
        return cut(template.toString());
    }

    private static String segment(String segment) {
        int matrix = segment.indexOf(';');
        String name = matrix < 0 ? segment : segment.substring(0, matrix);
        if (NUMBER.matcher(name).matches() || UUID.matcher(name).matches() || LONG_HEX.matcher(name).matches()) {
            return ID;
        }
        return name;
    }

    private static String withoutSchemeAndAuthority(String target) {
        int scheme = target.indexOf("://");
        if (scheme <= 0 || !isScheme(target.substring(0, scheme))) {
            return target;
        }
        int path = target.indexOf('/', scheme + 3);
        return path < 0 ? "/" : target.substring(path);
    }

    private static boolean isScheme(String text) {
        if (text.length() > 16) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+'
                    || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    private static String withoutQuery(String target) {
        int end = target.length();
        int query = target.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = target.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return target.substring(0, end);
    }

    private static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_TEMPLATE_CHARS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_TEMPLATE_CHARS - 1)) + "…";
    }
}
