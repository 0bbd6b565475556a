package io.breachwatch.detector.rules;

import java.util.List;

/**
 * A test on one event field. All given parts must hold. Values compare as text, except {@code gte}/{@code lte}
 * (numbers) and {@code cidr}/{@code notCidr} (addresses in IPv4/IPv6 networks).
 *
 * @param in      the value is one of these (YAML: {@code field: value} or {@code field: [a, b]})
 * @param notIn   the value is none of these (absent values pass)
 * @param gte     numeric value ≥ this
 * @param lte     numeric value ≤ this
 * @param cidr    address inside one of these networks
 * @param notCidr address inside none of these networks (absent or non-address values pass)
 * @param present true: the field must be set; false: it must be absent
 * @param prefix  the value starts with one of these (case-sensitive): operation templates such as
 *                {@code "PUT /orders"} match {@code "PUT /orders/{id}"} and {@code "PUT /orders/{id}/items"}
 */
public record Condition(List<String> in, List<String> notIn, Long gte, Long lte, List<String> cidr,
                        List<String> notCidr, Boolean present, List<String> prefix) {

    /** Without {@code prefix}: the original seven parts. */
    public Condition(List<String> in, List<String> notIn, Long gte, Long lte, List<String> cidr,
                     List<String> notCidr, Boolean present) {
        this(in, notIn, gte, lte, cidr, notCidr, present, null);
    }

    public static Condition equalTo(String value) {
        return new Condition(List.of(value), null, null, null, null, null, null, null);
    }
}
