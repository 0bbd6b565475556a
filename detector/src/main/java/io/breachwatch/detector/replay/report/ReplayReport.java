package io.breachwatch.detector.replay.report;

import io.breachwatch.detector.core.DisplayText;
import io.breachwatch.detector.replay.ReplaySummary;
import io.breachwatch.schema.Alert;
import io.breachwatch.schema.CanonicalEvent;
import io.breachwatch.schema.Entity;
import io.breachwatch.schema.EventType;
import io.breachwatch.schema.Incident;
import io.breachwatch.schema.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A self-contained HTML report of a replay, for an incident write-up: inputs, totals, a timeline of event rates per
 * type with alert markers (inline SVG), and the alert and incident tables. No script, no external resource (a
 * Content-Security-Policy forbids both), every string from the data HTML-escaped.
 *
 * <p>Memory is bounded: events are counted per type in time buckets that start at one second and coarsen along a
 * ladder of round widths whenever more than {@link #MAX_BUCKETS} are held; at most {@code maxAlerts} alerts and
 * incidents are kept for the tables, the rest only counted.
 *
 * <p>Feed it with {@link #event}, {@link #alert} and {@link #incident} (see {@link #alerts(Consumer)} to wrap an
 * existing alert consumer), then {@link #render} or {@link #write}.
 */
public final class ReplayReport {
    public static final int DEFAULT_MAX_ALERTS = 10_000;
    /** Most time buckets held while counting; the timeline is resampled to ~60-200 at render. */
    static final int MAX_BUCKETS = 20_000;
    /** Bucket widths (seconds) counts are held in; each divides the next. Beyond the last, widths double. */
    private static final long[] LADDER = {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400,
            604800};
    /** Round widths (seconds) the timeline may be drawn with. */
    private static final long[] NICE = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
            43200, 86400, 172800, 604800, 1209600, 2419200};
    static final int TARGET_BUCKETS = 200;
    private static final int TEXT_MAX = 1100;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final EventType[] TYPES = EventType.values();

    private final int maxAlerts;
    private long bucketSeconds = 1;
    private int ladderIndex;
    private final TreeMap<Long, long[]> buckets = new TreeMap<>();
    private final Map<EventType, Long> eventsByType = new EnumMap<>(EventType.class);
    private Instant first;
    private Instant last;
    private final List<Alert> alerts = new ArrayList<>();
    private long alertsTotal;
    private final Map<String, Long> alertsByRule = new TreeMap<>();
    private final Map<Severity, Long> alertsBySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Incident> incidents = new java.util.LinkedHashMap<>();
    private long incidentsTotal;

    public ReplayReport() {
        this(DEFAULT_MAX_ALERTS);
    }

    public ReplayReport(int maxAlerts) {
        if (maxAlerts < 0) {
            throw new IllegalArgumentException("maxAlerts must be >= 0");
        }
        this.maxAlerts = maxAlerts;
    }

    /** Counts one event in its time bucket. */
    public void event(CanonicalEvent event) {
        Instant t = event.timestamp();
        eventsByType.merge(event.type(), 1L, Long::sum);
        first = first == null || t.isBefore(first) ? t : first;
        last = last == null || t.isAfter(last) ? t : last;
        long key = Math.floorDiv(t.getEpochSecond(), bucketSeconds);
        buckets.computeIfAbsent(key, k -> new long[TYPES.length])[event.type().ordinal()]++;
        while (buckets.size() > MAX_BUCKETS) {
            coarsen();
        }
    }

    /** Keeps the alert for the table and timeline (up to the limit) and counts it. */
    public void alert(Alert alert) {
        alertsTotal++;
        alertsByRule.merge(alert.ruleId(), 1L, Long::sum);
        alertsBySeverity.merge(alert.severity(), 1L, Long::sum);
        if (alerts.size() < maxAlerts) {
            alerts.add(alert);
        }
    }

    /** Keeps the incident (the latest version of each id replaces the earlier ones), up to the limit. */
    public void incident(Incident incident) {
        if (incidents.containsKey(incident.incidentId())) {
            incidents.put(incident.incidentId(), incident);
            return;
        }
        incidentsTotal++;
        if (incidents.size() < maxAlerts) {
            incidents.put(incident.incidentId(), incident);
        }
    }

    /** An alert consumer that shows each alert to this report, then to {@code downstream}. */
    public Consumer<Alert> alerts(Consumer<Alert> downstream) {
        return alert -> {
            alert(alert);
            downstream.accept(alert);
        };
    }

    /** An incident consumer that shows each incident to this report, then to {@code downstream}. */
    public Consumer<Incident> incidents(Consumer<Incident> downstream) {
        return incident -> {
            incident(incident);
            downstream.accept(incident);
        };
    }

    /** Width in seconds of the buckets counts are currently held in. */
    long bucketSeconds() {
        return bucketSeconds;
    }

    int bucketsHeld() {
        return buckets.size();
    }

    private void coarsen() {
        long next = ladderIndex + 1 < LADDER.length ? LADDER[ladderIndex + 1] : bucketSeconds * 2;
        ladderIndex++;
        long ratio = next / bucketSeconds;
        TreeMap<Long, long[]> merged = new TreeMap<>();
        for (Map.Entry<Long, long[]> e : buckets.entrySet()) {
            long[] into = merged.computeIfAbsent(Math.floorDiv(e.getKey(), ratio), k -> new long[TYPES.length]);
            for (int i = 0; i < into.length; i++) {
                into[i] += e.getValue()[i];
            }
        }
        buckets.clear();
        buckets.putAll(merged);
        bucketSeconds = next;
    }

    /** Writes {@link #render} to {@code file} as UTF-8. */
    public void write(Path file, List<String> inputs, ReplaySummary summary) throws IOException {
        Files.writeString(file, render(inputs, summary), StandardCharsets.UTF_8);
    }

    /**
     * The report page.
     *
     * @param inputs  names of the inputs replayed, as given
     * @param summary the replay's summary (unparseable lines, late events, bytes), or null
     */
    public String render(List<String> inputs, ReplaySummary summary) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<title>breachwatch replay report</title>\n<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
        header(h, inputs, summary);
        timeline(h);
        alertTable(h);
        incidentTable(h);
        h.raw("<footer>Generated by breachwatch replay. Times are event times in UTC. "
                + "Text from the logs is shown escaped; control characters appear as \\uXXXX.</footer>\n");
        h.raw("</body>\n</html>\n");
        return h.toString();
    }

    private void header(Html h, List<String> inputs, ReplaySummary summary) {
        h.raw("<h1>breachwatch replay report</h1>\n<section class=\"summary\">\n<table class=\"kv\">\n");
        h.raw("<tr><th>Inputs</th><td>");
        if (inputs == null || inputs.isEmpty()) {
            h.raw("-");
        } else {
            for (int i = 0; i < inputs.size(); i++) {
                h.raw(i == 0 ? "" : "<br>").raw("<code>").text(inputs.get(i)).raw("</code>");
            }
        }
        h.raw("</td></tr>\n<tr><th>Time span</th><td>");
        if (first == null) {
            h.raw("no events");
        } else {
            h.text(UTC.format(first)).raw(" &ndash; ").text(UTC.format(last)).raw(" (")
                    .text(DisplayText.span(last.toEpochMilli() - first.toEpochMilli())).raw(")");
        }
        h.raw("</td></tr>\n<tr><th>Events</th><td>").text(String.format(Locale.ROOT, "%,d", total(eventsByType)));
        h.raw(" ");
        List<String> parts = new ArrayList<>();
        for (EventType type : TYPES) {
            parts.add(type.label() + " " + String.format(Locale.ROOT, "%,d", eventsByType.getOrDefault(type, 0L)));
        }
        h.raw("<span class=\"muted\">(").text(String.join(", ", parts)).raw(")</span>");
        if (summary != null && summary.late() > 0) {
            h.raw("<br><span class=\"muted\">beyond grace (live would dead-letter them as late): ")
                    .text(String.format(Locale.ROOT, "%,d", summary.late())).raw("</span>");
        }
        h.raw("</td></tr>\n");
        if (summary != null) {
            h.raw("<tr><th>Unparseable lines</th><td>").text(String.format(Locale.ROOT, "%,d", summary.unparseable()));
            Map<String, Long> reasons = summary.unparseableByReason();
            if (!reasons.isEmpty()) {
                h.raw(" <span class=\"muted\">(").text(join(reasons)).raw(")</span>");
            }
            h.raw("</td></tr>\n");
        }
        h.raw("<tr><th>Alerts</th><td>").text(String.format(Locale.ROOT, "%,d", alertsTotal));
        if (alertsTotal > 0) {
            h.raw("<br>by severity: ");
            boolean firstSeverity = true;
            for (int i = Severity.values().length - 1; i >= 0; i--) {
                Severity s = Severity.values()[i];
                Long n = alertsBySeverity.get(s);
                if (n != null) {
                    h.raw(firstSeverity ? "" : ", ").raw("<span class=\"sev sev-" + s.label() + "\">")
                            .text(s.label()).raw("</span> ").text(Long.toString(n));
                    firstSeverity = false;
                }
            }
            h.raw("<br>by rule: ").text(join(alertsByRule));
        }
        h.raw("</td></tr>\n<tr><th>Incidents</th><td>").text(String.format(Locale.ROOT, "%,d", incidentsTotal))
                .raw("</td></tr>\n</table>\n</section>\n");
    }

    private static long total(Map<?, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String join(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Render width in seconds: a round multiple of the held width giving at most ~200 buckets over the span. */
    long renderBucketSeconds() {
        if (first == null) {
            return bucketSeconds;
        }
        long span = Math.max(1, last.getEpochSecond() - first.getEpochSecond() + 1);
        for (long w : NICE) {
            if (w >= bucketSeconds && w % bucketSeconds == 0 && (span + w - 1) / w <= TARGET_BUCKETS) {
                return w;
            }
        }
        long k = Math.max(1, (span / TARGET_BUCKETS + bucketSeconds) / bucketSeconds);
        return k * bucketSeconds;
    }

    private static final int W = 1200;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int MARK_ROW = 16;
    private static final int PLOT_H = 260;
    private static final int BOTTOM = 50;
    private static final String[] TYPE_COLOURS = {"#1f77b4", "#2ca02c", "#9467bd"};

    private void timeline(Html h) {
        h.raw("<section>\n<h2>Timeline</h2>\n");
        if (first == null) {
            h.raw("<p class=\"muted\">No events.</p>\n</section>\n");
            return;
        }
        long width = renderBucketSeconds();
        long startKey = Math.floorDiv(first.getEpochSecond(), width);
        long endKey = Math.floorDiv(last.getEpochSecond(), width);
        int n = (int) (endKey - startKey + 1);
        long[][] counts = new long[TYPES.length][n];
        long ratio = width / bucketSeconds;
        for (Map.Entry<Long, long[]> e : buckets.entrySet()) {
            int i = (int) (Math.floorDiv(e.getKey(), ratio) - startKey);
            for (int t = 0; t < TYPES.length; t++) {
                counts[t][i] += e.getValue()[t];
            }
        }
        long max = 1;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        long yMax = niceCeil(max);
        long t0 = startKey * width;
        long t1 = (endKey + 1) * width;
        int markersTop = TOP;
        int plotTop = TOP + Severity.values().length * MARK_ROW + 10;
        int plotBottom = plotTop + PLOT_H;
        int height = plotBottom + BOTTOM;
        int plotW = W - LEFT - RIGHT;

        h.raw("<p class=\"muted\">Events per " + DisplayText.span(width * 1000) + " bucket (" + n
                + " buckets); alert markers above the chart, one per alert, coloured by severity "
                + "(hover for rule, entity and summary).</p>\n");
        h.raw("<div class=\"legend\">");
        for (int t = 0; t < TYPES.length; t++) {
            h.raw("<span><i style=\"background:" + TYPE_COLOURS[t % TYPE_COLOURS.length] + "\"></i>")
                    .text(TYPES[t].label()).raw("</span>");
        }
        for (int s = Severity.values().length - 1; s >= 0; s--) {
            h.raw("<span><i class=\"dot sevfill-" + Severity.values()[s].label() + "\"></i>")
                    .text(Severity.values()[s].label() + " alert").raw("</span>");
        }
        h.raw("</div>\n");
        h.raw("<svg class=\"timeline\" viewBox=\"0 0 " + W + " " + height
                + "\" width=\"" + W + "\" height=\"" + height + "\" role=\"img\" aria-label=\"event timeline\">\n");
        // grid and y axis
        for (int g = 0; g <= 4; g++) {
            double y = plotBottom - (double) PLOT_H * g / 4;
            h.raw("<line class=\"grid\" x1=\"" + LEFT + "\" x2=\"" + (W - RIGHT) + "\" y1=\"" + fmt(y) + "\" y2=\""
                    + fmt(y) + "\"/>");
            h.raw("<text class=\"axis\" x=\"" + (LEFT - 6) + "\" y=\"" + fmt(y + 4) + "\" text-anchor=\"end\">"
                    + String.format(Locale.ROOT, "%,d", yMax * g / 4) + "</text>\n");
        }
        h.raw("<line class=\"axisline\" x1=\"" + LEFT + "\" x2=\"" + LEFT + "\" y1=\"" + plotTop + "\" y2=\""
                + plotBottom + "\"/>\n");
        // x axis: ~6 labels at round positions
        long tickStep = niceTick((t1 - t0) / 6.0);
        long tick = Math.floorDiv(t0 + tickStep - 1, tickStep) * tickStep;
        boolean sameDay = Math.floorDiv(t0, 86400) == Math.floorDiv(t1 - 1, 86400);
        for (; tick <= t1; tick += tickStep) {
            double x = LEFT + (double) plotW * (tick - t0) / (t1 - t0);
            h.raw("<line class=\"tick\" x1=\"" + fmt(x) + "\" x2=\"" + fmt(x) + "\" y1=\"" + plotBottom + "\" y2=\""
                    + (plotBottom + 5) + "\"/>");
            Instant at = Instant.ofEpochSecond(tick);
            String label = tickStep % 86400 == 0 ? DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(at)
                    : DateTimeFormatter.ofPattern(tickStep % 60 == 0 ? "HH:mm" : "HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC).format(at);
            h.raw("<text class=\"axis\" x=\"" + fmt(x) + "\" y=\"" + (plotBottom + 18) + "\" text-anchor=\"middle\">")
                    .text(label).raw("</text>\n");
        }
        h.raw("<text class=\"axis\" x=\"" + (LEFT + plotW / 2) + "\" y=\"" + (plotBottom + 40)
                + "\" text-anchor=\"middle\">").text((sameDay ? DateTimeFormatter.ISO_LOCAL_DATE
                        .withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(t0)) + " " : "") + "UTC")
                .raw("</text>\n");
        // one polyline per type, a point per bucket centre
        for (int t = 0; t < TYPES.length; t++) {
            if (eventsByType.getOrDefault(TYPES[t], 0L) == 0) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double x = LEFT + plotW * (i + 0.5) / n;
                double y = plotBottom - (double) PLOT_H * counts[t][i] / yMax;
                pts.append(i == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
            }
            h.raw("<polyline class=\"series\" stroke=\"" + TYPE_COLOURS[t % TYPE_COLOURS.length] + "\" points=\"")
                    .raw(pts.toString()).raw("\"><title>").text(TYPES[t].label() + " events").raw("</title>"
                    + "</polyline>\n");
        }
        // alert markers: one row per severity (critical on top)
        for (int s = 0; s < Severity.values().length; s++) {
            Severity sev = Severity.values()[Severity.values().length - 1 - s];
            double y = markersTop + s * MARK_ROW + MARK_ROW / 2.0;
            h.raw("<text class=\"axis\" x=\"" + (LEFT - 6) + "\" y=\"" + fmt(y + 4) + "\" text-anchor=\"end\">")
                    .text(sev.label()).raw("</text>\n");
        }
        for (Alert a : sortedAlerts()) {
            int row = Severity.values().length - 1 - a.severity().ordinal();
            double y = markersTop + row * MARK_ROW + MARK_ROW / 2.0;
            double seconds = a.detectedAt().getEpochSecond() + a.detectedAt().getNano() / 1e9;
            double x = LEFT + plotW * Math.max(0, Math.min(1, (seconds - t0) / (t1 - t0)));
            h.raw("<circle class=\"alert sevfill-" + a.severity().label() + "\" cx=\"" + fmt(x) + "\" cy=\"" + fmt(y)
                    + "\" r=\"5\"><title>");
            h.text(UTC.format(a.detectedAt()) + " " + a.severity().label() + " " + a.ruleId() + "\n"
                    + DisplayText.safe(a.entity().type(), TEXT_MAX) + "=" + DisplayText.safe(a.entity().value(),
                    TEXT_MAX) + "\n" + DisplayText.safe(a.summary(), TEXT_MAX));
            h.raw("</title></circle>\n");
        }
        h.raw("</svg>\n");
        if (alertsTotal > alerts.size()) {
            h.raw("<p class=\"muted\">Markers for the first ").text(String.format(Locale.ROOT, "%,d", alerts.size()))
                    .raw(" alerts only.</p>\n");
        }
        h.raw("</section>\n");
    }

    private List<Alert> sortedAlerts() {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparing(Alert::detectedAt).thenComparing(Alert::ruleId)
                .thenComparing(Alert::alertId));
        return sorted;
    }

    private void alertTable(Html h) {
        h.raw("<section>\n<h2>Alerts</h2>\n");
        if (alerts.isEmpty()) {
            h.raw("<p class=\"muted\">No alerts.</p>\n</section>\n");
            return;
        }
        h.raw("<table class=\"data alerts\">\n<thead><tr><th>Detected at (UTC)</th><th>Severity</th><th>Rule</th>"
                + "<th>ATT&amp;CK</th><th>Entity</th><th>Observed / threshold</th><th>Summary</th></tr></thead>\n"
                + "<tbody>\n");
        for (Alert a : sortedAlerts()) {
            h.raw("<tr class=\"alert-row\"><td class=\"nowrap\">").text(UTC.format(a.detectedAt()))
                    .raw("</td><td><span class=\"sev sev-" + a.severity().label() + "\">").text(a.severity().label())
                    .raw("</span></td><td><code>").text(a.ruleId()).raw("</code><br><span class=\"muted\">")
                    .text(a.title()).raw("</span></td><td>").text(String.join(", ", a.attack()))
                    .raw("</td><td>").raw(entity(a.entity())).raw("</td><td class=\"num\">")
                    .text(number(a.observed()) + " / " + number(a.threshold())).raw("</td><td>")
                    .text(a.summary()).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        if (alertsTotal > alerts.size()) {
            h.raw("<p class=\"more\">").text(String.format(Locale.ROOT, "%,d more alerts not listed", 
                    alertsTotal - alerts.size())).raw(" (the alerts JSON lines have them all).</p>\n");
        }
        h.raw("</section>\n");
    }

    private void incidentTable(Html h) {
        h.raw("<section>\n<h2>Incidents</h2>\n");
        if (incidents.isEmpty()) {
            h.raw("<p class=\"muted\">No incidents.</p>\n</section>\n");
            return;
        }
        List<Incident> sorted = new ArrayList<>(incidents.values());
        sorted.sort(Comparator.comparing(Incident::detectedAt).thenComparing(Incident::incidentId));
        h.raw("<table class=\"data incidents\">\n<thead><tr><th>Detected at (UTC)</th><th>Severity</th>"
                + "<th>Families</th><th>Alerts</th><th>Rules</th><th>Entities</th><th>Alerts between</th>"
                + "<th>Summary</th></tr></thead>\n<tbody>\n");
        for (Incident i : sorted) {
            h.raw("<tr class=\"incident-row\"><td class=\"nowrap\">").text(UTC.format(i.detectedAt()))
                    .raw("</td><td><span class=\"sev sev-" + i.severity().label() + "\">").text(i.severity().label())
                    .raw("</span></td><td>").text(i.families().stream().map(EventType::label)
                            .collect(Collectors.joining(", ")))
                    .raw("</td><td class=\"num\">").text(Integer.toString(i.alertIds().size()))
                    .raw("</td><td>").text(String.join(", ", i.ruleIds())).raw("</td><td>");
            for (int k = 0; k < i.entities().size(); k++) {
                h.raw(k == 0 ? "" : "<br>").raw(entity(i.entities().get(k)));
            }
            h.raw("</td><td class=\"nowrap\">").text(UTC.format(i.firstAlertAt())).raw("<br>")
                    .text(UTC.format(i.lastAlertAt())).raw("</td><td>").text(i.summary()).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        if (incidentsTotal > incidents.size()) {
            h.raw("<p class=\"more\">").text(String.format(Locale.ROOT, "%,d more incidents not listed",
                    incidentsTotal - incidents.size())).raw("</p>\n");
        }
        h.raw("</section>\n");
    }

    private static String entity(Entity e) {
        return "<span class=\"muted\">" + Html.escape(e.type()) + "</span> <code>" + Html.escape(e.value())
                + "</code>";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static long niceCeil(long v) {
        long p = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * p >= v) {
                    return m * p;
                }
            }
            p *= 10;
        }
    }

    private static long niceTick(double seconds) {
        for (long w : NICE) {
            if (w >= seconds) {
                return w;
            }
        }
        return (long) Math.ceil(seconds / 86400) * 86400;
    }

    /** Escapes text for HTML element content and quoted attribute values, after making control chars visible. */
    static final class Html {
        private final StringBuilder out = new StringBuilder(64 * 1024);

        Html raw(String s) {
            out.append(s);
            return this;
        }

        Html text(String s) {
            out.append(escape(s));
            return this;
        }

        static String escape(String s) {
            String safe = DisplayText.safe(s, TEXT_MAX);
            StringBuilder b = new StringBuilder(safe.length() + 16);
            for (int i = 0; i < safe.length(); i++) {
                char c = safe.charAt(i);
                switch (c) {
                    case '&':
                        b.append("&amp;");
                        break;
                    case '<':
                        b.append("&lt;");
                        break;
                    case '>':
                        b.append("&gt;");
                        break;
                    case '"':
                        b.append("&quot;");
                        break;
                    case '\'':
                        b.append("&#39;");
                        break;
                    default:
                        b.append(c);
                }
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    private static final String CSS = String.join("\n",
            "body{font:14px/1.4 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#222;margin:24px;"
                    + "max-width:1260px}",
            "h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd}",
            "code{font:12px/1.3 Menlo,Consolas,monospace;overflow-wrap:anywhere}",
            ".muted{color:#666}.nowrap{white-space:nowrap}.num{text-align:right;white-space:nowrap}",
            "table.kv th{text-align:left;padding:3px 16px 3px 0;vertical-align:top;white-space:nowrap}",
            "table.kv td{padding:3px 0}",
            "table.data{border-collapse:collapse;width:100%;font-size:13px}",
            "table.data th{background:#f3f4f6;text-align:left;padding:6px;border-bottom:2px solid #ccc}",
            "table.data td{padding:5px 6px;border-bottom:1px solid #e5e5e5;vertical-align:top}",
            "table.data tr:nth-child(even) td{background:#fafafa}",
            ".sev{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;font-size:12px}",
            ".sev-low{background:#6b7280}.sev-medium{background:#d97706}.sev-high{background:#dc2626}",
            ".sev-critical{background:#7f1d1d}",
            ".sevfill-low{fill:#6b7280;background:#6b7280}.sevfill-medium{fill:#d97706;background:#d97706}",
            ".sevfill-high{fill:#dc2626;background:#dc2626}.sevfill-critical{fill:#7f1d1d;background:#7f1d1d}",
            "svg.timeline{max-width:100%;height:auto;background:#fff;border:1px solid #e5e5e5}",
            ".grid{stroke:#eee}.axisline,.tick{stroke:#999}.axis{font-size:11px;fill:#555}",
            ".series{fill:none;stroke-width:1.6}circle.alert{stroke:#fff;stroke-width:1;fill-opacity:.85}",
            ".legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;height:4px;"
                    + "margin-right:4px;vertical-align:middle}",
            ".legend i.dot{width:9px;height:9px;border-radius:50%}",
            ".more{font-weight:bold}footer{margin-top:24px;font-size:12px;color:#777}",
            "@media print{body{margin:0}svg.timeline{border:none}}",
            "");
}
