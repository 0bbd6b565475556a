package io.breachwatch.detector.engine;

import io.breachwatch.detector.core.AlertIds;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Correlates the alert stream into incidents: when alerts of two or more signal families (auth, api, net) concern
 * related entities within the window, one incident is opened; later related alerts join the same episode (the
 * incident is re-emitted under the same id with the grown lists) until the episode has been quiet for the window.
 *
 * <p>Two alerts are related when they share a value: an entity value (each part of a composite key) or a value
 * named in the evidence (the new source address of a credential, the users of a brute force). A platform-wide
 * alert (entity type {@code platform}, e.g. a failed-login surge) relates to every alert: a surge across the
 * platform during a vendor credential's abuse is exactly the March incident.
 *
 * <p>Memory is bounded: at most {@link #MAX_RECENT} uncorrelated alerts and {@link #MAX_EPISODES} open episodes.
 */
public final class IncidentCorrelator {
    static final int MAX_RECENT = 1000;
    static final int MAX_EPISODES = 100;
    private static final byte VERSION = 1;

    private final long window;
    private final List<Seen> recent = new ArrayList<>();
    private final List<Episode> episodes = new ArrayList<>();

    public IncidentCorrelator(Duration window) {
        this.window = window.toMillis();
    }

    /** An alert reduced to what correlation needs. */
    record Seen(String alertId, String ruleId, EventType family, Severity severity, Entity entity,
                Set<String> related, long at) {
        boolean platformWide() {
            return "platform".equals(entity.type());
        }

        boolean relatesTo(Set<String> values, boolean platform) {
            if (platform || platformWide()) {
                return true;
            }
            for (String v : related) {
                if (values.contains(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Episode {
        final String incidentId;
        /** Listed alerts: the first {@link Incident#MAX_ALERTS}; later ones extend the episode unlisted. */
        final List<Seen> alerts = new ArrayList<>();
        /** Over every alert of the episode, listed or not, so the families are never under-reported. */
        final Set<EventType> families = new LinkedHashSet<>();
        final Set<String> ruleIds = new LinkedHashSet<>();
        final Set<Entity> entities = new LinkedHashSet<>();
        final Set<String> related = new LinkedHashSet<>();
        boolean platform;
        long detectedAt;
        long lastAt = Long.MIN_VALUE;

        Episode(String incidentId) {
            this.incidentId = incidentId;
        }

        void add(Seen seen) {
            if (alerts.size() < Incident.MAX_ALERTS) {
                alerts.add(seen);
                ruleIds.add(seen.ruleId());
                entities.add(seen.entity());
            }
            families.add(seen.family());
            if (related.size() < MAX_RECENT) {
                related.addAll(seen.related());
            }
            platform |= seen.platformWide();
            lastAt = Math.max(lastAt, seen.at());
        }

        boolean lists(String alertId) {
            return alerts.stream().anyMatch(a -> a.alertId().equals(alertId));
        }
    }

    /** Feeds one alert; returns the incident it opened or updated, if any. */
    public Optional<Incident> onAlert(Alert alert) {
        Optional<EventType> family = family(alert.ruleId());
        if (family.isEmpty()) {
            return Optional.empty();
        }
        Seen seen = new Seen(alert.alertId(), alert.ruleId(), family.get(), alert.severity(), alert.entity(),
                related(alert), alert.detectedAt().toEpochMilli());
        expire(seen.at());
        for (Episode episode : episodes) {
            if (seen.relatesTo(episode.related, episode.platform)) {
                if (episode.lists(seen.alertId())) {
                    return Optional.empty(); // the same alert again (redelivery): nothing new
                }
                episode.add(seen);
                return Optional.of(incident(episode));
            }
        }
        List<Seen> group = new ArrayList<>();
        for (Seen other : recent) {
            if (other.relatesTo(seen.related(), seen.platformWide()) && !other.alertId().equals(seen.alertId())) {
                group.add(other);
            }
        }
        if (group.stream().map(Seen::family).noneMatch(f -> f != seen.family())) {
            if (recent.stream().noneMatch(r -> r.alertId().equals(seen.alertId()))) {
                recent.add(seen);
            }
            if (recent.size() > MAX_RECENT) {
                recent.remove(0);
            }
            return Optional.empty();
        }
        // The listed alerts must include the one that brought the second family: keep the newest related ones.
        if (group.size() >= Incident.MAX_ALERTS) {
            group = new ArrayList<>(group.subList(group.size() - (Incident.MAX_ALERTS - 1), group.size()));
        }
        recent.removeAll(group);
        group.add(seen);
        Episode episode = new Episode(AlertIds.of("incident.breach_in_progress",
                new Entity("alert", group.get(0).alertId()), group.get(0).at()));
        episode.detectedAt = seen.at();
        group.forEach(episode::add);
        episodes.add(episode);
        if (episodes.size() > MAX_EPISODES) {
            episodes.remove(0);
        }
        return Optional.of(incident(episode));
    }

    private void expire(long now) {
        recent.removeIf(s -> s.at() < now - window);
        for (Iterator<Episode> it = episodes.iterator(); it.hasNext(); ) {
            if (it.next().lastAt < now - window) {
                it.remove();
            }
        }
    }

    private Incident incident(Episode episode) {
        List<EventType> families = List.copyOf(episode.families);
        Severity severity = episode.alerts.stream().map(Seen::severity).max(Enum::compareTo).orElse(Severity.HIGH);
        if (families.size() >= 3 && severity != Severity.CRITICAL) {
            severity = Severity.values()[severity.ordinal() + 1];
        }
        List<String> rules = List.copyOf(episode.ruleIds);
        List<Entity> entities = List.copyOf(episode.entities);
        String summary = String.format("Breach in progress? %s alerts on related entities within %s: %s",
                String.join("+", families.stream().map(EventType::label).toList()),
                io.breachwatch.detector.core.DisplayText.span(window),
                String.join(", ", rules.size() > 6 ? rules.subList(0, 6) : rules) + (rules.size() > 6 ? ", …" : ""));
        return new Incident(episode.incidentId, "Breach in progress: correlated " + families.size() + " signal families",
                severity, families, episode.alerts.stream().map(Seen::alertId).toList(), rules, entities,
                Instant.ofEpochMilli(episode.alerts.get(0).at()), Instant.ofEpochMilli(episode.lastAt),
                Instant.ofEpochMilli(episode.detectedAt), summary.length() > 1000 ? summary.substring(0, 999) + "…"
                : summary);
    }

    /** The family of a rule is its id's first segment: auth., api. or net. */
    static Optional<EventType> family(String ruleId) {
        int dot = ruleId.indexOf('.');
        String prefix = (dot < 0 ? ruleId : ruleId.substring(0, dot)).toLowerCase(Locale.ROOT);
        for (EventType type : EventType.values()) {
            if (type.label().equals(prefix)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    static Set<String> related(Alert alert) {
        Set<String> values = new LinkedHashSet<>();
        for (String part : alert.entity().value().split(",")) {
            values.add(part);
        }
        for (String key : alert.evidence().breakdown().keySet()) {
            int colon = key.indexOf(':');
            if (colon > 0 && colon < key.length() - 1) {
                values.add(key.substring(colon + 1));
            }
        }
        return values;
    }

    public byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeSeen(out, recent);
            out.writeInt(episodes.size());
            for (Episode e : episodes) {
                out.writeUTF(e.incidentId);
                out.writeLong(e.detectedAt);
                out.writeLong(e.lastAt);
                out.writeByte(e.families.size());
                for (EventType f : e.families) {
                    out.writeByte(f.ordinal());
                }
                writeSeen(out, e.alerts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static IncidentCorrelator read(byte[] bytes, Duration window) {
        IncidentCorrelator correlator = new IncidentCorrelator(window);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                return correlator; // unknown encoding: start afresh rather than misread (incidents are advisory)
            }
            correlator.recent.addAll(readSeen(in));
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Episode e = new Episode(in.readUTF());
                e.detectedAt = in.readLong();
                long lastAt = in.readLong();
                int families = in.readByte();
                for (int f = 0; f < families; f++) {
                    e.families.add(EventType.values()[in.readByte()]);
                }
                readSeen(in).forEach(e::add);
                e.lastAt = Math.max(e.lastAt, lastAt);
                correlator.episodes.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return correlator;
    }

    private static void writeSeen(DataOutputStream out, List<Seen> seen) throws IOException {
        out.writeInt(seen.size());
        for (Seen s : seen) {
            out.writeUTF(s.alertId());
            out.writeUTF(s.ruleId());
            out.writeByte(s.family().ordinal());
            out.writeByte(s.severity().ordinal());
            out.writeUTF(s.entity().type());
            out.writeUTF(s.entity().value());
            out.writeInt(s.related().size());
            for (String r : s.related()) {
                out.writeUTF(r);
            }
            out.writeLong(s.at());
        }
    }

    private static List<Seen> readSeen(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Seen> seen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String alertId = in.readUTF();
            String ruleId = in.readUTF();
            EventType family = EventType.values()[in.readByte()];
            Severity severity = Severity.values()[in.readByte()];
            Entity entity = new Entity(in.readUTF(), in.readUTF());
            int r = in.readInt();
            Set<String> related = new LinkedHashSet<>();
            for (int j = 0; j < r; j++) {
                related.add(in.readUTF());
            }
            seen.add(new Seen(alertId, ruleId, family, severity, entity, related, in.readLong()));
        }
        return seen;
    }
}
