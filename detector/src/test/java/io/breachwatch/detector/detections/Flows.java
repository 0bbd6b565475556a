package io.breachwatch.detector.detections;

import io.breachwatch.schema.NetworkEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixtures: network flows (Zeek conn.log style) with explicit event times on 2026-03-14 (UTC). A {@link Flow}
 * is one connection's shape; {@code at} stamps it with a time.
 */
final class Flows {
    static final long MIB = 1_048_576;
    private static final AtomicLong IDS = new AtomicLong();

    private Flows() {
    }

    /** A TCP connection from {@code srcIp} (to nowhere yet: set {@link Flow#to}), 600 bytes out, 1,500 back. */
    static Flow from(String srcIp) {
        return new Flow(srcIp, null, 443, "tcp", 600L);
    }

    /** A connection's shape; the {@code with…} methods return a changed copy. */
    record Flow(String srcIp, String dstIp, Integer dstPort, String protocol, Long bytesOut) {

        Flow to(String newDstIp) {
            return new Flow(srcIp, newDstIp, dstPort, protocol, bytesOut);
        }

        Flow port(Integer newDstPort) {
            return new Flow(srcIp, dstIp, newDstPort, protocol, bytesOut);
        }

        /** ICMP: no ports. */
        Flow icmp() {
            return new Flow(srcIp, dstIp, null, "icmp", bytesOut);
        }

        Flow sending(long newBytesOut) {
            return new Flow(srcIp, dstIp, dstPort, protocol, newBytesOut);
        }

        NetworkEvent at(String time) {
            return at(Logins.at(time));
        }

        NetworkEvent at(Instant time) {
            return new NetworkEvent("n" + IDS.incrementAndGet(), time, srcIp, dstPort == null ? null : 40_000, dstIp,
                    dstPort, protocol, bytesOut, 1_500L, dstPort == null ? null : "SF");
        }

        /** {@code count} connections, {@code stepSeconds} apart, the first at {@code start}. */
        List<NetworkEvent> times(int count, String start, double stepSeconds) {
            List<NetworkEvent> flows = new ArrayList<>(count);
            Instant t0 = Logins.at(start);
            for (int i = 0; i < count; i++) {
                flows.add(at(t0.plusMillis(Math.round(i * stepSeconds * 1000))));
            }
            return flows;
        }

        /** One connection to each of {@code ports} in order, {@code stepSeconds} apart (a port scan's probes). */
        List<NetworkEvent> ports(List<Integer> ports, String start, double stepSeconds) {
            List<NetworkEvent> flows = new ArrayList<>(ports.size());
            Instant t0 = Logins.at(start);
            for (int i = 0; i < ports.size(); i++) {
                flows.add(port(ports.get(i)).at(t0.plusMillis(Math.round(i * stepSeconds * 1000))));
            }
            return flows;
        }

        /**
         * One connection to each of the hosts {@code network}{first}..{@code network}{first + count - 1}
         * ("10.0.2." + 1..100), {@code stepSeconds} apart (a host sweep).
         */
        List<NetworkEvent> hosts(String network, int first, int count, String start, double stepSeconds) {
            List<NetworkEvent> flows = new ArrayList<>(count);
            Instant t0 = Logins.at(start);
            for (int i = 0; i < count; i++) {
                flows.add(to(network + (first + i)).at(t0.plusMillis(Math.round(i * stepSeconds * 1000))));
            }
            return flows;
        }

        /** History: one upload of {@code bytesPerBucket[i]} bytes at the start of the i-th {@code bucket}. */
        List<NetworkEvent> perBucket(String start, Duration bucket, long... bytesPerBucket) {
            List<NetworkEvent> flows = new ArrayList<>(bytesPerBucket.length);
            Instant t0 = Logins.at(start);
            for (int b = 0; b < bytesPerBucket.length; b++) {
                flows.add(sending(bytesPerBucket[b]).at(t0.plus(bucket.multipliedBy(b))));
            }
            return flows;
        }
    }

    /** The first {@code count} ports of {@code from}: {@code ports(1, 25)} is 1..25. */
    static List<Integer> ports(int from, int count) {
        List<Integer> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ports.add(from + i);
        }
        return ports;
    }

    /** {@code value} repeated {@code times} times. */
    static long[] repeat(long value, int times) {
        long[] values = new long[times];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
