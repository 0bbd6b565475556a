package io.breachwatch.schema;

import java.time.Instant;

/**
 * One authentication attempt: a login to SSH, the web shop, a VPN or an identity provider.
 *
 * @param eventId   unique id of the event at its producer (used as alert evidence)
 * @param timestamp when the attempt happened (event time; drives every window)
 * @param user      account name tried, as typed; null when the log does not say
 * @param sourceIp  address (or, when that is all the log gives, host name) the attempt came from
 * @param outcome   success or failure
 * @param method    credential type: password, publickey, none, keyboard-interactive, token…; optional
 * @param reason    why it failed: bad_password, invalid_user, locked…; optional
 * @param service   what was logged into: sshd, web, vpn…; optional
 * @param host      host that logged the attempt; optional
 */
public record AuthEvent(
        String eventId,
        Instant timestamp,
        String user,
        String sourceIp,
        AuthOutcome outcome,
        String method,
        String reason,
        String service,
        String host) implements CanonicalEvent {

    public AuthEvent {
        Fields.required("event_id", eventId, Fields.ID_MAX);
        Fields.requiredTime("timestamp", timestamp);
        Fields.optional("user", user, Fields.NAME_MAX);
        Fields.required("source_ip", sourceIp, Fields.ADDRESS_MAX);
        Fields.required("outcome", outcome);
        Fields.optional("method", method, 64);
        Fields.optional("reason", reason, 64);
        Fields.optional("service", service, 64);
        Fields.optional("host", host, Fields.ADDRESS_MAX);
    }

    public boolean failed() {
        return outcome == AuthOutcome.FAILURE;
    }

    @Override
    public EventType type() {
        return EventType.AUTH;
    }
}
