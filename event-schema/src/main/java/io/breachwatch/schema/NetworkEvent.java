package io.breachwatch.schema;

import java.time.Instant;

/**
 * One network connection or flow record (Zeek conn.log, firewall, VPC flow log).
 *
 * @param eventId   unique id of the event at its producer (Zeek uid, flow id)
 * @param timestamp when the connection started (event time)
 * @param srcIp     originating address
 * @param srcPort   originating port; optional
 * @param dstIp     responding address
 * @param dstPort   responding port; optional (ICMP has none)
 * @param protocol  tcp, udp, icmp…
 * @param bytesOut  bytes sent by the originator; optional
 * @param bytesIn   bytes sent by the responder; optional
 * @param state     connection state (Zeek conn_state such as S0, REJ, SF); optional
 */
public record NetworkEvent(
        String eventId,
        Instant timestamp,
        String srcIp,
        Integer srcPort,
        String dstIp,
        Integer dstPort,
        String protocol,
        Long bytesOut,
        Long bytesIn,
        String state) implements CanonicalEvent {

    public NetworkEvent {
        Fields.required("event_id", eventId, Fields.ID_MAX);
        Fields.requiredTime("timestamp", timestamp);
        Fields.required("src_ip", srcIp, Fields.ADDRESS_MAX);
        Fields.range("src_port", srcPort, 0, 65535);
        Fields.required("dst_ip", dstIp, Fields.ADDRESS_MAX);
        Fields.range("dst_port", dstPort, 0, 65535);
        Fields.required("protocol", protocol, 16);
        Fields.nonNegative("bytes_out", bytesOut);
        Fields.nonNegative("bytes_in", bytesIn);
        Fields.optional("state", state, 16);
    }

    @Override
    public EventType type() {
        return EventType.NET;
    }
}
