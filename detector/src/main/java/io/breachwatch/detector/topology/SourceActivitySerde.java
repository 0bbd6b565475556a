package io.breachwatch.detector.topology;

import io.breachwatch.detector.core.Attempt;
import io.breachwatch.detector.core.SourceActivity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary encoding of a source's activity for the state store and its changelog. A leading version byte
 * lets a later release read state written by this one (rolling upgrades keep detection state).
 */
final class SourceActivitySerde implements Serde<SourceActivity> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<SourceActivity> serializer() {
        return (topic, activity) -> activity == null ? null : write(activity);
    }

    @Override
    public Deserializer<SourceActivity> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(SourceActivity activity) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + activity.failures().size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(activity.newestEventTime());
            out.writeInt(activity.failures().size());
            for (Attempt attempt : activity.failures()) {
                out.writeLong(attempt.time());
                writeNullable(out, attempt.user());
                out.writeUTF(attempt.eventId());
            }
            out.writeInt(activity.suppressedUntil().size());
            for (Map.Entry<String, Long> entry : activity.suppressedUntil().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SourceActivity read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown source activity encoding version " + version);
            }
            long newest = in.readLong();
            int count = in.readInt();
            List<Attempt> failures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                failures.add(new Attempt(in.readLong(), readNullable(in), in.readUTF()));
            }
            int suppressions = in.readInt();
            Map<String, Long> suppressed = new HashMap<>();
            for (int i = 0; i < suppressions; i++) {
                suppressed.put(in.readUTF(), in.readLong());
            }
            return new SourceActivity(newest, failures, suppressed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
