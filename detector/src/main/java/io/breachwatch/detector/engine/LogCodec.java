package io.breachwatch.detector.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Binary encoding of an {@link EventLog}'s entries, shared by the log-based aggregates. */
final class LogCodec {
    private LogCodec() {
    }

    static void write(DataOutputStream out, List<EventLog.Entry> entries) throws IOException {
        out.writeInt(entries.size());
        for (EventLog.Entry e : entries) {
            out.writeLong(e.time());
            writeNullable(out, e.label());
            out.writeLong(e.weight());
            out.writeLong(e.value());
            out.writeBoolean(e.matched());
            writeNullable(out, e.eventId());
        }
    }

    static List<EventLog.Entry> read(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<EventLog.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new EventLog.Entry(in.readLong(), readNullable(in), in.readLong(), in.readLong(),
                    in.readBoolean(), readNullable(in)));
        }
        return entries;
    }

    static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
