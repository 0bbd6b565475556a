package io.breachwatch.schema;

/**
 * What an alert is about: a source address, a user, an API client, a host.
 *
 * @param type  source_ip, user, api_client, host, platform
 * @param value the entity's value, e.g. "203.0.113.7"
 */
public record Entity(String type, String value) {
    public Entity {
        Fields.required("entity.type", type, 32);
        // NAME_MAX, not ADDRESS_MAX: the value may be a user name or API client id (both up to NAME_MAX).
        Fields.required("entity.value", value, Fields.NAME_MAX);
    }

    public static Entity sourceIp(String ip) {
        return new Entity("source_ip", ip);
    }

    public static Entity user(String user) {
        return new Entity("user", user);
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
