package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.Pseudonyms;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The detection core for one rule group: plain Java over one entity's {@link EntityState}, driven by the Kafka
 * Streams processor for live detection and directly by offline replay, so both raise the same alerts.
 *
 * <p>Lateness is judged per entity: an event more than the grace older than the newest event of the same entity
 * is late. Partitions read at different speeds during catch-up cannot make one entity's events late because
 * another entity's partition ran ahead.
 */
public final class GroupDetector {
    private static final byte VERSION = 1;

    private final RuleGroup group;
    private final List<CompiledRule> rules;
    private final long graceMillis;
    private final long retentionMillis;
    private final Pseudonyms pseudonyms;

    GroupDetector(RuleGroup group, List<CompiledRule> rules, Duration defaultGrace, Pseudonyms pseudonyms) {
        this.group = group;
        this.pseudonyms = pseudonyms;
        this.rules = List.copyOf(rules);
        if (rules.size() > Long.SIZE) {
            throw new IllegalArgumentException("group " + group.name() + " has " + rules.size() + " rules; at most "
                    + Long.SIZE + " share one group");
        }
        this.graceMillis = rules.stream()
                .mapToLong(r -> (r.spec().grace() == null ? defaultGrace : r.spec().grace()).toMillis())
                .max().orElse(defaultGrace.toMillis());
        long horizon = rules.stream().mapToLong(r -> Math.max(r.aggregate().horizonMillis(),
                r.spec().suppression().toMillis())).max().orElse(0);
        this.retentionMillis = horizon + graceMillis;
    }

    public RuleGroup group() {
        return group;
    }

    /**
     * How long an entity's state is kept after its newest event: the longest window, baseline or learning horizon
     * or suppression among the group's rules, plus grace. An entity silent for longer is deleted, so the state held
     * is bounded by the distinct entities active within this span.
     */
    public Duration retention() {
        return Duration.ofMillis(retentionMillis);
    }

    public List<String> ruleIds() {
        return rules.stream().map(CompiledRule::id).toList();
    }

    /** The outcome for one event: the alerts it raised, or that it arrived too late to be evaluated. */
    public record Verdict(List<Alert> alerts, boolean late, long lateByMillis) {
        static final Verdict NOTHING = new Verdict(List.of(), false, 0);
    }

    /**
     * Whether any rule of the group looks at the event. The live topology repartitions only relevant events, and
     * {@link #onEvent} ignores the others in the same way, so both drivers judge lateness on the same events.
     */
    public boolean relevant(CanonicalEvent event) {
        return matches(event) != 0;
    }

    /**
     * Which rules of the group look at the event: bit {@code i} for the group's {@code i}-th rule (a group has at most
     * 64, checked when it is built). Each rule's {@code where:} is evaluated once per event.
     */
    public long matches(CanonicalEvent event) {
        long matched = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).where().test(event)) {
                matched |= 1L << i;
            }
        }
        return matched;
    }

    /** Evaluates one event of the entity with this key (its {@link RuleGroup#entity entity}, built only to alert). */
    public Verdict onEvent(CanonicalEvent event, String key, EntityState state) {
        return onEvent(event, matches(event), key, state);
    }

    /** {@link #onEvent(CanonicalEvent, String, EntityState)} for a caller that has already asked {@link #matches}. */
    public Verdict onEvent(CanonicalEvent event, long matched, String key, EntityState state) {
        if (matched == 0) {
            return Verdict.NOTHING;
        }
        long time = event.timestamp().toEpochMilli();
        if (state.newestEventTime != Long.MIN_VALUE && time < state.newestEventTime - graceMillis) {
            return new Verdict(List.of(), true, state.newestEventTime - time);
        }
        state.newestEventTime = Math.max(state.newestEventTime, time);
        List<Alert> alerts = null;
        for (int i = 0; i < rules.size(); i++) {
            if ((matched & 1L << i) == 0) {
                continue;
            }
            CompiledRule rule = rules.get(i);
            AggregateState aggregate = state.rules.get(rule.id());
            if (aggregate == null) {
                aggregate = rule.aggregate().newState();
                state.rules.put(rule.id(), aggregate);
            }
            aggregate.add(event, time);
            Long until = state.suppressedUntil.get(rule.id());
            if (until == null || time >= until) {
                Finding finding = aggregate.evaluate(event, time);
                if (finding != null) {
                    state.suppressedUntil.put(rule.id(), finding.windowEnd() + rule.spec().suppression().toMillis());
                    if (alerts == null) {
                        alerts = new ArrayList<>(1);
                    }
                    alerts.add(AlertFactory.alert(rule, group.entity(key), finding, event, pseudonyms));
                }
            }
            aggregate.expire(state.newestEventTime - rule.spec().window().toMillis() - graceMillis);
        }
        if (!state.suppressedUntil.isEmpty()) {
            long oldestUseful = state.newestEventTime - retentionMillis;
            state.suppressedUntil.values().removeIf(until -> until < oldestUseful);
        }
        return alerts == null ? Verdict.NOTHING : new Verdict(alerts, false, 0);
    }

    /** Whether an entity's state can be deleted: nothing in it can matter to an event at {@code streamTime}. */
    public boolean expired(EntityState state, long streamTime) {
        return state.newestEventTime < streamTime - retentionMillis;
    }

    /**
     * {@link #expired(EntityState, long)} for state as {@link #write} encoded it, reading only its newest event time
     * (the long after the version byte): a purge scans every entity, and decoding each one's logs would cost more
     * than the scan.
     */
    public boolean expired(byte[] encoded, long streamTime) {
        if (encoded.length < 1 + Long.BYTES || encoded[0] != VERSION) {
            return expired(read(encoded), streamTime); // read() says what is wrong with it
        }
        // Big-endian, as DataOutputStream wrote it
        long newest = java.nio.ByteBuffer.wrap(encoded, 1, Long.BYTES).getLong();
        return newest < streamTime - retentionMillis;
    }

    public byte[] write(EntityState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(state.newestEventTime);
            out.writeInt(state.suppressedUntil.size());
            for (Map.Entry<String, Long> e : state.suppressedUntil.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(state.rules.size());
            for (CompiledRule rule : rules) {
                AggregateState aggregate = state.rules.get(rule.id());
                if (aggregate == null) {
                    continue;
                }
                ByteArrayOutputStream one = new ByteArrayOutputStream(64);
                try (DataOutputStream ruleOut = new DataOutputStream(one)) {
                    aggregate.write(ruleOut);
                }
                out.writeUTF(rule.id());
                out.writeUTF(rule.shape());
                out.writeInt(one.size());
                one.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads state written by {@link #write}; state of rules since removed or reshaped is dropped. */
    public EntityState read(byte[] bytes) {
        EntityState state = new EntityState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown entity state encoding version " + version);
            }
            state.newestEventTime = in.readLong();
            int suppressions = in.readInt();
            for (int i = 0; i < suppressions; i++) {
                state.suppressedUntil.put(in.readUTF(), in.readLong());
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                String shape = in.readUTF();
                byte[] body = in.readNBytes(in.readInt());
                CompiledRule rule = rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
                if (rule != null && rule.shape().equals(shape)) {
                    state.rules.put(id, rule.aggregate().read(new DataInputStream(new ByteArrayInputStream(body))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state;
    }
}
