package io.cityops.job.replay;

import io.cityops.archive.TimeRange;
import io.cityops.events.Incident;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backtest's chart as plain SVG: incidents opened per hour (city time), for each hour the
 * baseline's and the candidate's incidents as two bars side by side, stacked by rule, with a
 * legend. Hovering a block names its rule and count.
 */
final class IncidentChart {
    static final long HOUR_MS = 3_600_000L;
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
        "#bcbd22", "#7f7f7f"
    };
    private static final int W = 960;
    private static final int H = 460;
    private static final int LEFT = 56;
    private static final int RIGHT = 250;
    private static final int TOP = 48;
    private static final int BOTTOM = 64;

    private IncidentChart() {}

    /** Incidents opened per hour, by rule: hour index from {@code firstHour}. */
    static Map<String, int[]> perHour(Collection<Incident> incidents, long firstHour, int hours) {
        Map<String, int[]> out = new TreeMap<>();
        for (Incident i : incidents) {
            int h = (int) ((i.openedAt() - firstHour) / HOUR_MS);
            if (h >= 0 && h < hours) {
                out.computeIfAbsent(i.rule(), r -> new int[hours])[h]++;
            }
        }
        return out;
    }

    /**
     * @param from where the hours start (the range's start), or Long.MIN_VALUE for the first
     *     incident's hour
     */
    static String svg(
            String title,
            Collection<Incident> candidate,
            Collection<Incident> baseline,
            long from,
            long endOfTime) {
        long first = from;
        if (first == Long.MIN_VALUE) {
            first = endOfTime;
            for (Incident i : candidate) {
                first = Math.min(first, i.openedAt());
            }
            for (Incident i : baseline) {
                first = Math.min(first, i.openedAt());
            }
        }
        long firstHour = Math.floorDiv(first, HOUR_MS) * HOUR_MS;
        int hours = (int) Math.max(1, (endOfTime - firstHour) / HOUR_MS + 1);
        Map<String, int[]> cand = perHour(candidate, firstHour, hours);
        Map<String, int[]> base = perHour(baseline, firstHour, hours);
        TreeSet<String> rules = new TreeSet<>(cand.keySet());
        rules.addAll(base.keySet());
        int max = Math.max(1, Math.max(peak(cand, hours), peak(base, hours)));
        int step = niceStep(max);
        int top = ((max + step - 1) / step) * step;

        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\""
                                + " font-size=\"12\">%n",
                        W,
                        H,
                        W,
                        H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(LEFT, 24, "start", "font-size=\"15\" font-weight=\"bold\"", title));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        double bin = (double) plotW / hours;
        for (int v = 0; v <= top; v += step) {
            double y = TOP + plotH - (double) v / top * plotH;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                            LEFT,
                            y,
                            LEFT + plotW,
                            y));
            s.append(text(LEFT - 6, y + 4, "end", "", Integer.toString(v)));
        }
        Map<String, String> colour = new TreeMap<>();
        int k = 0;
        for (String rule : rules) {
            colour.put(rule, COLOURS[k++ % COLOURS.length]);
        }
        // Each hour: the baseline's stack (pale, left) and the candidate's (solid, right).
        double barW = Math.max(1, bin * 0.4);
        for (int h = 0; h < hours; h++) {
            double x0 = LEFT + h * bin + bin * 0.1;
            s.append(stack(base, rules, colour, h, x0, barW, plotH, top, "0.35"));
            s.append(stack(cand, rules, colour, h, x0 + barW, barW, plotH, top, "1"));
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                        LEFT,
                        TOP + plotH,
                        LEFT + plotW,
                        TOP + plotH));
        int labelEvery = Math.max(1, (hours + 11) / 12);
        DateTimeFormatter hh = DateTimeFormatter.ofPattern("HH:mm");
        DateTimeFormatter day = DateTimeFormatter.ofPattern("MM-dd");
        for (int h = 0; h < hours; h += labelEvery) {
            double x = LEFT + h * bin;
            ZonedDateTime t =
                    Instant.ofEpochMilli(firstHour + h * HOUR_MS).atZone(TimeRange.CITY_ZONE);
            s.append(text(x, TOP + plotH + 16, "middle", "", hh.format(t)));
            if (h == 0 || t.getHour() < labelEvery) {
                s.append(text(x, TOP + plotH + 30, "middle", "fill=\"#666\"", day.format(t)));
            }
        }
        s.append(
                text(
                        LEFT + plotW / 2.0,
                        H - 12,
                        "middle",
                        "fill=\"#333\"",
                        "hour opened (Asia/Shanghai)"));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\""
                                + " transform=\"rotate(-90 16 %d)\">incidents opened per"
                                + " hour</text>%n",
                        TOP + plotH / 2,
                        TOP + plotH / 2));
        int lx = W - RIGHT + 16;
        int legendY = TOP + 8;
        for (String rule : rules) {
            s.append(swatch(lx, legendY, colour.get(rule), "1"));
            s.append(text(lx + 20, legendY + 4, "start", "", rule));
            legendY += 18;
        }
        legendY += 10;
        s.append(swatch(lx, legendY, "#555", "0.35"));
        s.append(text(lx + 20, legendY + 4, "start", "", "baseline (left, pale)"));
        legendY += 18;
        s.append(swatch(lx, legendY, "#555", "1"));
        s.append(text(lx + 20, legendY + 4, "start", "", "candidate (right)"));
        s.append("</svg>\n");
        return s.toString();
    }

    private static int peak(Map<String, int[]> counts, int hours) {
        int max = 0;
        for (int h = 0; h < hours; h++) {
            int sum = 0;
            for (int[] c : counts.values()) {
                sum += c[h];
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    private static String stack(
            Map<String, int[]> counts,
            TreeSet<String> rules,
            Map<String, String> colour,
            int h,
            double x,
            double w,
            int plotH,
            int top,
            String opacity) {
        StringBuilder s = new StringBuilder();
        int below = 0;
        for (String rule : rules) {
            int[] c = counts.get(rule);
            int n = c == null ? 0 : c[h];
            if (n == 0) {
                continue;
            }
            double y = TOP + plotH - (double) (below + n) / top * plotH;
            double height = (double) n / top * plotH;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                    + " fill=\"%s\" fill-opacity=\"%s\"><title>%s %d</title></rect>%n",
                            x,
                            y,
                            w,
                            height,
                            colour.get(rule),
                            opacity,
                            escape(rule),
                            n));
            below += n;
        }
        return s.toString();
    }

    private static String swatch(int x, int y, String colour, String opacity) {
        return String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\""
                        + " fill-opacity=\"%s\"/>%n",
                x,
                y - 5,
                colour,
                opacity);
    }

    private static String text(double x, double y, String anchor, String extra, String body) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n",
                x,
                y,
                anchor,
                extra.isEmpty() ? "" : " " + extra,
                escape(body));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int niceStep(int max) {
        for (int step : List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)) {
            if (max / step <= 8) {
                return step;
            }
        }
        return 10_000;
    }
}
