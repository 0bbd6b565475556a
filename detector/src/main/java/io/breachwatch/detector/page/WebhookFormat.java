package io.breachwatch.detector.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generic JSON webhook: the record exactly as it was on the topic ({@code alert} or {@code incident}), or the
 * full summary with every alert id, inside a small delivery envelope ({@code dedup_key}, {@code kind},
 * {@code severity}, {@code title}, {@code text}, {@code at}). The dedup key is also sent as an
 * {@code Idempotency-Key} header, the usual convention for receivers that deduplicate.
 */
final class WebhookFormat implements PageFormat {
    private final Map<String, Secret> headers;

    WebhookFormat(Map<String, Secret> headers) {
        this.headers = headers;
    }

    @Override
    public byte[] body(Page page) {
        return PageJson.bytes(envelope(page));
    }

    /** The envelope, also what a pager dead letter records (it holds no credential). */
    static ObjectNode envelope(Page page) {
        ObjectNode envelope = PageJson.object();
        envelope.put("dedup_key", page.dedupKey());
        envelope.put("kind", page.kind().label());
        envelope.put("severity", page.severity().label());
        envelope.put("title", page.title());
        envelope.put("text", page.text());
        envelope.put("at", page.at().toString());
        envelope.put("source", "breachwatch");
        if (page instanceof Page.AlertPage alert) {
            envelope.putRawValue("alert", PageJson.raw(alert.raw()));
        } else if (page instanceof Page.SummaryPage summary) {
            envelope.set("summary", PageJson.summary(summary.summary(), Integer.MAX_VALUE));
        } else {
            envelope.putRawValue("incident", PageJson.raw(((Page.IncidentPage) page).raw()));
        }
        return envelope;
    }

    @Override
    public Map<String, String> headers(Page page) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((name, value) -> out.put(name, value.reveal()));
        out.put("Idempotency-Key", page.dedupKey());
        return out;
    }
}
