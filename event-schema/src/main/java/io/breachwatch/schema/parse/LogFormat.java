package io.breachwatch.schema.parse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The raw log formats breachwatch reads, each with a stable id: the value of {@code --format}, of configuration and
 * of metric labels, so ids never change once published. {@link FormatDetector} guesses one from a file's first
 * lines; the id is how a user overrides the guess.
 */
public enum LogFormat {
    /** OpenSSH server lines written by syslog (BSD or RFC 3339 header), read by {@link SshdSyslogParser}. */
    SSHD_SYSLOG("sshd-syslog", "OpenSSH server log written by syslog"),
    /** Zeek's tab-separated logs with {@code #fields} headers: conn, ssh, http; read by {@link ZeekParser}. */
    ZEEK_TSV("zeek-tsv", "Zeek log, tab-separated with # headers (conn, ssh or http)"),
    /** Zeek logs written with {@code LogAscii::use_json=T}, one object per line; read by {@link ZeekParser}. */
    ZEEK_JSON("zeek-json", "Zeek log, one JSON object per line (conn, ssh or http)"),
    /**
     * AWS CloudTrail: S3 delivery objects ({@code {"Records":[…]}}, in any layout) or one event per line; read by
     * {@link CloudTrailParser}.
     */
    CLOUDTRAIL("cloudtrail", "AWS CloudTrail records"),
    /** Web server access log in the combined or the common log format; read by {@link AccessLogParser}. */
    COMBINED_LOG("combined-log", "web server access log, combined or common log format"),
    /** breachwatch's own events, one JSON object per line, as published in docs/event-schema.md. */
    CANONICAL_JSONL("canonical-jsonl", "breachwatch canonical events, one JSON object per line");

    private final String id;
    private final String description;

    LogFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The stable id, e.g. {@code zeek-tsv}. */
    public String id() {
        return id;
    }

    /** A short human description, for help texts and detection messages. */
    public String description() {
        return description;
    }

    /** @param id a format id, in any letter case, surrounding blanks ignored */
    public static Optional<LogFormat> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.id.equals(wanted)).findFirst();
    }

    /** All ids, comma-separated, for usage messages. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(LogFormat::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
