package io.breachwatch.schema.parse;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Zeek logs that carry canonical events, named by Zeek's own log path ({@code #path} in a tab-separated header,
 * {@code _path} in some JSON pipelines): {@code conn.log} becomes network events, {@code ssh.log} authentication
 * events and {@code http.log} API call events.
 */
public enum ZeekLog {
    CONN("conn"),
    SSH("ssh"),
    HTTP("http");

    private final String path;

    ZeekLog(String path) {
        this.path = path;
    }

    /** Zeek's log path, e.g. {@code conn}. */
    public String path() {
        return path;
    }

    /** @param path a Zeek log path such as {@code conn}; empty for a log without canonical events (dns, files…) */
    public static Optional<ZeekLog> fromPath(String path) {
        return Arrays.stream(values()).filter(log -> log.path.equals(path)).findFirst();
    }

    @Override
    public String toString() {
        return path;
    }
}
