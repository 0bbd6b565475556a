package io.breachwatch.detector.page;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breachwatch.detector.core.DisplayText;
import java.util.Locale;
import java.util.Map;

/**
 * A Slack incoming webhook message: a plain {@code text} fallback (notifications, old clients) and Block Kit
 * {@code blocks} (header, the one-line summary, a context line with rule, entity and dedup key). Slack does not
 * deduplicate: a page delivered twice is posted twice, with the same dedup key shown in both.
 */
final class SlackFormat implements PageFormat {
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;

    @Override
    public byte[] body(Page page) {
        String severity = page.severity().label().toUpperCase(Locale.ROOT);
        String title = DisplayText.safe(page.title(), 200);
        String text = DisplayText.safe(page.text(), 2000);
        ObjectNode message = PageJson.object();
        message.put("text", escape(PageJson.cut("[" + severity + "] " + title + ": " + text, SECTION_MAX)));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", PageJson.cut(severity + " · " + title, HEADER_MAX));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", PageJson.cut(escape(text), SECTION_MAX));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", PageJson.cut(escape(context(page)), SECTION_MAX));
        return PageJson.bytes(message);
    }

    private static String context(Page page) {
        String what;
        if (page instanceof Page.AlertPage alert) {
            what = alert.alert().ruleId() + " · " + DisplayText.safe(alert.alert().entity().toString(), 120)
                    + (alert.alert().attack().isEmpty() ? "" : " · " + String.join(", ", alert.alert().attack()));
        } else if (page instanceof Page.SummaryPage summary) {
            what = summary.summary().ruleId() + " · " + summary.summary().entityType() + " · summary";
        } else {
            what = "incident";
        }
        return what + " · dedup key " + page.dedupKey();
    }

    /** Slack's mrkdwn control characters; also neutralises {@code <!channel>} style mentions in attacker text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public Map<String, String> headers(Page page) {
        return Map.of();
    }
}
