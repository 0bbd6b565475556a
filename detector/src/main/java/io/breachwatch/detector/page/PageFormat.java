package io.breachwatch.detector.page;

import java.util.Map;

/**
 * How a page is written for one kind of receiver: the JSON body and any headers of the receiver's API. Bodies are
 * functions of the page alone (no clock, no counter): a page sent again is sent byte for byte the same.
 */
interface PageFormat {

    byte[] body(Page page);

    /** Headers the receiver's API needs (authentication, idempotency), besides the content type. */
    Map<String, String> headers(Page page);

    static PageFormat of(DestinationConfig destination) {
        switch (destination.type()) {
            case PAGERDUTY:
                return new PagerDutyFormat(destination.credential());
            case SLACK:
                return new SlackFormat();
            case OPSGENIE:
                return new OpsgenieFormat(destination.credential());
            default:
                return new WebhookFormat(destination.headers());
        }
    }
}
