package io.breachwatch.schema.parse;

import java.util.Optional;

/**
 * One web server access log line split into its fields, without regular expressions (quoted fields with escapes
 * and 8 KiB request lines are where backtracking regexes go wrong): {@code host ident user [time] "request" status
 * bytes}, optionally followed by {@code "referer" "user-agent"} (combined) and by anything else a site appends
 * (nginx {@code $request_time}, Apache {@code %D}). Inside quotes a backslash escapes the next character, as
 * Apache ({@code \"}) and nginx ({@code \x22}) write them; the text is kept as logged.
 *
 * @param host    remote host (address, or name with {@code HostnameLookups On})
 * @param user    authenticated user, {@code -} when none
 * @param time    the text between the brackets, e.g. {@code 10/Oct/2000:13:55:36 -0700}
 * @param request the request line as logged, e.g. {@code GET /a?b HTTP/1.1}, or {@code -}
 * @param status  the status field as logged
 * @param bytes   the size field as logged ({@code -} for none)
 */
record AccessLogLine(String host, String user, String time, String request, String status, String bytes) {

    /** @return empty when the line does not have the common log format's shape */
    static Optional<AccessLogLine> read(String line) {
        Cursor cursor = new Cursor(line);
        String host = cursor.token();
        String ident = cursor.token();
        String user = cursor.token();
        String time = cursor.bracketed();
        String request = cursor.quoted();
        String status = cursor.token();
        String bytes = cursor.lastToken();
        if (host == null || ident == null || user == null || time == null || request == null || status == null
                || bytes == null) {
            return Optional.empty();
        }
        return Optional.of(new AccessLogLine(host, user, time, request, status, bytes));
    }

    /** Reads fields left to right; every method returns null (and stays null) once the shape is broken. */
    private static final class Cursor {
        private final String line;
        private int at;
        private boolean broken;

        Cursor(String line) {
            this.line = line;
        }

        /** A non-empty run of non-blanks followed by one space. */
        String token() {
            String token = run();
            if (token == null || !space()) {
                broken = true;
                return null;
            }
            return token;
        }

        /** The size field: followed by the end of the line or by a space and more fields. */
        String lastToken() {
            String token = run();
            if (token == null || at < line.length() && line.charAt(at) != ' ') {
                broken = true;
                return null;
            }
            return token;
        }

        String bracketed() {
            if (broken || at >= line.length() || line.charAt(at) != '[') {
                broken = true;
                return null;
            }
            int end = line.indexOf(']', at + 1);
            if (end < 0) {
                broken = true;
                return null;
            }
            String text = line.substring(at + 1, end);
            at = end + 1;
            return space() ? text : fail();
        }

        String quoted() {
            if (broken || at >= line.length() || line.charAt(at) != '"') {
                broken = true;
                return null;
            }
            for (int i = at + 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    String text = line.substring(at + 1, i);
                    at = i + 1;
                    return space() ? text : fail();
                }
            }
            broken = true;
            return null;
        }

        private String run() {
            if (broken) {
                return null;
            }
            int start = at;
            while (at < line.length() && line.charAt(at) != ' ') {
                at++;
            }
            return at == start ? null : line.substring(start, at);
        }

        private boolean space() {
            if (at < line.length() && line.charAt(at) == ' ') {
                at++;
                return true;
            }
            return false;
        }

        private String fail() {
            broken = true;
            return null;
        }
    }
}
