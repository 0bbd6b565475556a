package io.breachwatch.bench.jmh;

import io.breachwatch.detector.simulate.SimulatedEvent;
import io.breachwatch.detector.simulate.Simulation;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Inputs of the micro-benchmarks: simulated canonical events (the same generator as the replay benchmark) and a few
 * lines of each raw log format, written here in the shape of the parsers' test fixtures.
 */
final class Samples {
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    private Samples() {
    }

    /** The first {@code count} simulated events of the March incident run (seed 1, 500 events/s). */
    static List<CanonicalEvent> simulated(int count) {
        Simulation simulation = Simulation.create(Simulation.Settings.of("march-incident", START).withSeed(1));
        List<CanonicalEvent> events = new ArrayList<>(count);
        while (events.size() < count) {
            events.add(simulation.next().event());
        }
        return events;
    }

    /** {@code count} simulated events of one type. */
    static List<CanonicalEvent> simulated(EventType type, int count) {
        Simulation simulation = Simulation.create(Simulation.Settings.of("march-incident", START).withSeed(1));
        List<CanonicalEvent> events = new ArrayList<>(count);
        while (events.size() < count) {
            SimulatedEvent next = simulation.next();
            if (next.type() == type) {
                events.add(next.event());
            }
        }
        return events;
    }

    static final List<String> SSHD_SYSLOG = List.of(
            "Dec 10 06:55:48 bastion sshd[24200]: Failed password for root from 203.0.113.7 port 50000 ssh2",
            "Dec 10 06:55:49 bastion sshd[24201]: Failed password for invalid user oracle from 203.0.113.8 port 50002 ssh2",
            "Dec 10 06:55:50 bastion sshd[24202]: Accepted password for alice from 198.51.100.23 port 50410 ssh2",
            "Dec 10 06:55:51 bastion sshd[24203]: Failed password for admin from 203.0.113.9 port 50004 ssh2",
            "Dec 10 06:55:52 bastion sshd[24204]: Accepted publickey for deploy from 10.0.4.17 port 40122 ssh2: "
                    + "RSA SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");

    static final List<String> ZEEK_TSV_HEADER = List.of(
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tconn",
            "#open\t2024-05-01-10-00-00",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
                    + "\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes"
                    + "\tresp_pkts\tresp_ip_bytes\ttunnel_parents",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool"
                    + "\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]");

    static final List<String> ZEEK_TSV = List.of(
            "1714557600.123456\tCHhAvVGS1DHFjwGM9\t10.0.4.17\t51544\t198.51.100.80\t443\ttcp\tssl\t12.503917\t1843200"
                    + "\t5230\tSF\tT\tF\t0\tShADadFf\t1290\t1895012\t640\t38850\t(empty)",
            "1714557601.000100\tC4J4Th3PJpwUYZZ6gc\t203.0.113.7\t40213\t10.0.4.17\t22\ttcp\t-\t-\t-\t-\tS0\tF\tT\t0"
                    + "\tS\t1\t44\t0\t0\t(empty)",
            "1714557601.250000\tCmES5u32sYpV7JYN\t203.0.113.7\t40213\t10.0.4.17\t23\ttcp\t-\t0.000071\t0\t0\tREJ\tF"
                    + "\tT\t0\tSr\t1\t44\t1\t40\t(empty)");

    static final List<String> ZEEK_JSON = List.of(
            "{\"ts\":1714557600.123456,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"10.0.4.17\",\"id.orig_p\":51544,"
                    + "\"id.resp_h\":\"198.51.100.80\",\"id.resp_p\":443,\"proto\":\"tcp\",\"service\":\"ssl\","
                    + "\"duration\":12.503917,\"orig_bytes\":1843200,\"resp_bytes\":5230,\"conn_state\":\"SF\","
                    + "\"local_orig\":true,\"local_resp\":false,\"missed_bytes\":0,\"history\":\"ShADadFf\","
                    + "\"orig_pkts\":1290,\"orig_ip_bytes\":1895012,\"resp_pkts\":640,\"resp_ip_bytes\":38850}",
            "{\"ts\":1714557601.0001,\"uid\":\"C4J4Th3PJpwUYZZ6gc\",\"id.orig_h\":\"203.0.113.7\",\"id.orig_p\":40213,"
                    + "\"id.resp_h\":\"10.0.4.17\",\"id.resp_p\":22,\"proto\":\"tcp\",\"conn_state\":\"S0\","
                    + "\"local_orig\":false,\"local_resp\":true,\"missed_bytes\":0,\"history\":\"S\",\"orig_pkts\":1,"
                    + "\"orig_ip_bytes\":44,\"resp_pkts\":0,\"resp_ip_bytes\":0}");

    static final List<String> CLOUDTRAIL = List.of(
            "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                    + "\"AROAEXAMPLE000000001:i-0abc1234def567890\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                    + "app-instance-role/i-0abc1234def567890\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                    + "\"ASIAEXAMPLE00000001\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":"
                    + "\"AROAEXAMPLE000000001\",\"arn\":\"arn:aws:iam::111122223333:role/app-instance-role\","
                    + "\"accountId\":\"111122223333\",\"userName\":\"app-instance-role\"},\"attributes\":"
                    + "{\"creationDate\":\"2026-03-14T09:00:00Z\",\"mfaAuthenticated\":\"false\"}}},"
                    + "\"eventTime\":\"2026-03-14T09:12:48Z\",\"eventSource\":\"secretsmanager.amazonaws.com\","
                    + "\"eventName\":\"GetSecretValue\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"198.51.100.23\","
                    + "\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":{\"secretId\":\"prod/db/password\"},"
                    + "\"responseElements\":null,\"requestID\":\"9a1c3b5d-1111-4a2b-8c3d-000000000001\",\"eventID\":"
                    + "\"6f6c0ab1-2c3d-4e5f-8a9b-000000000001\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                    + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}",
            "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE000000002\","
                    + "\"arn\":\"arn:aws:iam::111122223333:user/ci-deploy\",\"accountId\":\"111122223333\","
                    + "\"accessKeyId\":\"AKIAEXAMPLE00000002\",\"userName\":\"ci-deploy\"},\"eventTime\":"
                    + "\"2026-03-14T09:12:47Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateAccessKey\","
                    + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-sdk-go/1.44\","
                    + "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"not authorized\",\"requestParameters\":null,"
                    + "\"responseElements\":null,\"requestID\":\"9a1c3b5d-1111-4a2b-8c3d-000000000002\",\"eventID\":"
                    + "\"6f6c0ab1-2c3d-4e5f-8a9b-000000000002\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
                    + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}");

    static final List<String> COMBINED_LOG = List.of(
            "198.51.100.23 - vendor-acme [14/Mar/2026:09:12:48 +0000] \"GET /api/v1/orders/12345?include=items "
                    + "HTTP/1.1\" 200 5120 \"-\" \"python-requests/2.31.0\"",
            "203.0.113.7 - - [14/Mar/2026:09:12:49 +0000] \"POST /login HTTP/1.1\" 401 312 "
                    + "\"https://shop.example/login\" \"Mozilla/5.0 (X11; Linux x86_64)\"",
            "10.0.4.17 - - [14/Mar/2026:09:12:50 +0000] \"GET /api/v1/customers/77 HTTP/1.1\" 404 0 \"-\" \"curl/8.5.0\"");
}
