package io.breachwatch.schema.parse;

import io.breachwatch.schema.AuthEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * sshd's {@code Invalid user} notices waiting for the attempt line of the same connection, keyed by host and sshd
 * pid. Each notice is held as the event it becomes if no attempt line claims it. Bounded: a scanner that opens
 * connections and never finishes them must not grow the parser's memory, so past the limit the oldest notice is
 * released as an event (it is still counted, just not folded).
 */
final class InvalidUserNotices {
    static final int DEFAULT_CAPACITY = 10_000;

    /** One sshd connection process on one host. */
    record Connection(String host, String pid) {
    }

    private final int capacity;
    // Insertion order is age order: the first entry is the one to evict.
    private final LinkedHashMap<Connection, AuthEvent> held = new LinkedHashMap<>();

    InvalidUserNotices(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
    }

    /** Holds a notice; returns the events this releases: an earlier notice of the same connection, an evicted one. */
    List<AuthEvent> hold(Connection connection, AuthEvent notice) {
        List<AuthEvent> released = new ArrayList<>(1);
        AuthEvent previous = held.remove(connection);
        if (previous != null) {
            released.add(previous);
        }
        held.put(connection, notice);
        if (held.size() > capacity) {
            Iterator<Map.Entry<Connection, AuthEvent>> oldest = held.entrySet().iterator();
            released.add(oldest.next().getValue());
            oldest.remove();
        }
        return released;
    }

    /** Removes and returns the notice held for a connection, if any. */
    Optional<AuthEvent> take(Connection connection) {
        return Optional.ofNullable(held.remove(connection));
    }

    /** Removes and returns every held notice, oldest first. */
    List<AuthEvent> drain() {
        List<AuthEvent> all = new ArrayList<>(held.values());
        held.clear();
        return all;
    }

    int size() {
        return held.size();
    }
}
