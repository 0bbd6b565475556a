package io.breachwatch.schema.compact;

import io.breachwatch.schema.ApiCallEvent;
import io.breachwatch.schema.AuthEvent;
import io.breachwatch.schema.AuthOutcome;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.InvalidEventException;
import io.breachwatch.schema.NetworkEvent;
import java.time.Instant;
import java.util.Arrays;

/**
 * A compact binary form of canonical events for the detector's own internal topics (repartitions), where JSON was
 * most of the cost of moving an event between sub-topologies: writing and re-reading field names, quoting, number
 * and timestamp text. Events reach it already validated; reading re-runs the records' constructors, so a damaged
 * record cannot smuggle an invalid event into detection.
 *
 * <p>Layout: a marker byte ({@link #MARKER}, never the first byte of a JSON document), the type, a bitmap of the
 * fields present, the event time as epoch seconds and nanoseconds, then each present field in record order: text as
 * a length-prefixed UTF-8 run, whole numbers as variable-length integers. It is not a public format: user-facing
 * topics stay JSON.
 */
public final class CompactEventCodec {
    /** First byte of every compact record; JSON starts with '{' or white space. */
    public static final byte MARKER = (byte) 0xB7;
    private static final byte AUTH = 1;
    private static final byte API = 2;
    private static final byte NET = 3;

    private CompactEventCodec() {
    }

    /** Whether {@code bytes} hold a compact record (as opposed to JSON, which older detectors wrote). */
    public static boolean isCompact(byte[] bytes) {
        return bytes != null && bytes.length > 0 && bytes[0] == MARKER;
    }

    public static byte[] write(CanonicalEvent event) {
        Writer out = new Writer();
        out.put(MARKER);
        if (event instanceof AuthEvent e) {
            out.put(AUTH);
            out.presence(e.user(), e.method(), e.reason(), e.service(), e.host());
            out.time(e.timestamp());
            out.text(e.eventId());
            out.text(e.sourceIp());
            out.put((byte) e.outcome().ordinal());
            out.optionalText(e.user());
            out.optionalText(e.method());
            out.optionalText(e.reason());
            out.optionalText(e.service());
            out.optionalText(e.host());
        } else if (event instanceof ApiCallEvent e) {
            out.put(API);
            out.presence(e.clientType(), e.responseBytes(), e.records(), e.customerId());
            out.time(e.timestamp());
            out.text(e.eventId());
            out.text(e.clientId());
            out.text(e.sourceIp());
            out.text(e.method());
            out.text(e.operation());
            out.number(e.status());
            out.optionalText(e.clientType());
            out.optionalNumber(e.responseBytes());
            out.optionalNumber(e.records());
            out.optionalText(e.customerId());
        } else if (event instanceof NetworkEvent e) {
            out.put(NET);
            out.presence(e.srcPort(), e.dstPort(), e.bytesOut(), e.bytesIn(), e.state());
            out.time(e.timestamp());
            out.text(e.eventId());
            out.text(e.srcIp());
            out.text(e.dstIp());
            out.text(e.protocol());
            out.optionalNumber(e.srcPort());
            out.optionalNumber(e.dstPort());
            out.optionalNumber(e.bytesOut());
            out.optionalNumber(e.bytesIn());
            out.optionalText(e.state());
        } else {
            throw new IllegalArgumentException("not a canonical event: " + event);
        }
        return Arrays.copyOf(out.bytes, out.size);
    }

    /**
     * The event in a compact record.
     *
     * @throws InvalidEventException when the bytes are not a whole compact record of a valid event
     */
    public static CanonicalEvent read(byte[] bytes) {
        if (!isCompact(bytes) || bytes.length < 2) {
            throw InvalidEventException.invalidField("record", "is not a compact event record");
        }
        Reader in = new Reader(bytes);
        try {
            CanonicalEvent event = switch (bytes[1]) {
                case AUTH -> {
                    int present = in.presence();
                    Instant time = in.time();
                    String eventId = in.text();
                    String sourceIp = in.text();
                    AuthOutcome outcome = AuthOutcome.values()[in.next()];
                    yield new AuthEvent(eventId, time, in.optionalText(present, 0), sourceIp, outcome,
                            in.optionalText(present, 1), in.optionalText(present, 2), in.optionalText(present, 3),
                            in.optionalText(present, 4));
                }
                case API -> {
                    int present = in.presence();
                    Instant time = in.time();
                    String eventId = in.text();
                    String clientId = in.text();
                    String sourceIp = in.text();
                    String method = in.text();
                    String operation = in.text();
                    int status = Math.toIntExact(in.number());
                    yield new ApiCallEvent(eventId, time, clientId, in.optionalText(present, 0), sourceIp, method,
                            operation, status, in.optionalLong(present, 1), in.optionalLong(present, 2),
                            in.optionalText(present, 3));
                }
                case NET -> {
                    int present = in.presence();
                    Instant time = in.time();
                    String eventId = in.text();
                    String srcIp = in.text();
                    String dstIp = in.text();
                    String protocol = in.text();
                    yield new NetworkEvent(eventId, time, srcIp, in.optionalInt(present, 0), dstIp,
                            in.optionalInt(present, 1), protocol, in.optionalLong(present, 2),
                            in.optionalLong(present, 3), in.optionalText(present, 4));
                }
                default -> throw InvalidEventException.invalidField("record", "has unknown event type " + bytes[1]);
            };
            if (in.position != bytes.length) {
                throw InvalidEventException.invalidField("record", "has " + (bytes.length - in.position)
                        + " bytes after the event");
            }
            return event;
        } catch (ArrayIndexOutOfBoundsException | ArithmeticException | java.time.DateTimeException e) {
            throw InvalidEventException.invalidField("record", "is a damaged compact event record");
        }
    }

    private static final class Writer {
        byte[] bytes = new byte[128];
        int size;

        void presence(Object... optional) {
            int bits = 0;
            for (int i = 0; i < optional.length; i++) {
                if (optional[i] != null) {
                    bits |= 1 << i;
                }
            }
            put((byte) bits);
        }

        void put(byte b) {
            room(1);
            bytes[size++] = b;
        }

        void time(Instant time) {
            varlong(zigzag(time.getEpochSecond()));
            varlong(time.getNano());
        }

        /**
         * Java's modified UTF-8 (each UTF-16 unit on its own, as {@code DataOutput.writeUTF} does): lossless for any
         * String, lone surrogates included, which an attacker can put in a JSON event and standard UTF-8 cannot hold.
         */
        void text(String value) {
            int length = value.length();
            int encoded = 0;
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                encoded += c >= 1 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            varlong(encoded);
            room(encoded);
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 1 && c < 0x80) {
                    bytes[size++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xC0 | c >> 6);
                    bytes[size++] = (byte) (0x80 | c & 0x3F);
                } else {
                    bytes[size++] = (byte) (0xE0 | c >> 12);
                    bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                    bytes[size++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }

        void optionalText(String value) {
            if (value != null) {
                text(value);
            }
        }

        void number(long value) {
            varlong(zigzag(value));
        }

        void optionalNumber(Number value) {
            if (value != null) {
                number(value.longValue());
            }
        }

        private void varlong(long value) {
            room(10);
            long v = value;
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        private static long zigzag(long value) {
            return (value << 1) ^ (value >> 63);
        }
    }

    private static final class Reader {
        final byte[] bytes;
        int position = 2;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int next() {
            return bytes[position++] & 0xFF;
        }

        int presence() {
            return next();
        }

        Instant time() {
            long seconds = unzigzag(varlong());
            long nanos = varlong();
            return Instant.ofEpochSecond(seconds, nanos);
        }

        String text() {
            long length = varlong();
            if (length < 0 || length > bytes.length - position) {
                throw new ArrayIndexOutOfBoundsException("text runs past the record");
            }
            int end = position + (int) length;
            char[] chars = new char[(int) length];
            int n = 0;
            while (position < end) {
                int b = bytes[position++] & 0xFF;
                if (b < 0x80) {
                    chars[n++] = (char) b;
                } else if ((b & 0xE0) == 0xC0) {
                    chars[n++] = (char) ((b & 0x1F) << 6 | continuation(end));
                } else if ((b & 0xF0) == 0xE0) {
                    int middle = continuation(end);
                    chars[n++] = (char) ((b & 0x0F) << 12 | middle << 6 | continuation(end));
                } else {
                    throw new ArithmeticException("not modified UTF-8");
                }
            }
            return new String(chars, 0, n);
        }

        private int continuation(int end) {
            if (position >= end) {
                throw new ArrayIndexOutOfBoundsException("character runs past its text");
            }
            int b = bytes[position++] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                throw new ArithmeticException("not modified UTF-8");
            }
            return b & 0x3F;
        }

        String optionalText(int present, int bit) {
            return (present & 1 << bit) != 0 ? text() : null;
        }

        long number() {
            return unzigzag(varlong());
        }

        Long optionalLong(int present, int bit) {
            return (present & 1 << bit) != 0 ? number() : null;
        }

        Integer optionalInt(int present, int bit) {
            return (present & 1 << bit) != 0 ? Math.toIntExact(number()) : null;
        }

        private long varlong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new ArithmeticException("variable-length integer too long");
        }

        private static long unzigzag(long value) {
            return (value >>> 1) ^ -(value & 1);
        }
    }
}
