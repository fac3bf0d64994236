package io.cityops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code latest.svg}: events per second per row as bars, and the latency percentiles. */
final class Chart {
    private static final int WIDTH = 900;
    private static final int LABEL = 170;
    private static final int BAR = 26;
    private static final int GAP = 10;
    private static final String[] COLORS = {"#9aa5b1", "#1f6feb", "#d29922", "#2da44e", "#8250df"};

    private Chart() {}

    static void write(Results r, Path file) throws IOException {
        StringBuilder svg = new StringBuilder();
        int y = 40;
        StringBuilder body = new StringBuilder();
        body.append(
                text(
                        20,
                        28,
                        "Sustained events per second (parallelism "
                                + r.options.parallelism()
                                + ", "
                                + r.options.facilities()
                                + " facilities)",
                        16,
                        "bold"));
        double max = r.rows.stream().mapToDouble(Row::perSecond).max().orElse(1);
        int plot = WIDTH - LABEL - 190;
        for (int i = 0; i < r.rows.size(); i++) {
            Row row = r.rows.get(i);
            int w = (int) Math.max(1, plot * row.perSecond() / max);
            body.append(text(20, y + 18, row.name(), 13, "normal"))
                    .append(rect(LABEL, y, w, BAR, COLORS[i % COLORS.length]))
                    .append(
                            text(
                                    LABEL + w + 8,
                                    y + 18,
                                    String.format(
                                            "%,.0f/s  %.1f CPU-s/M",
                                            row.perSecond(), row.cpuPerMillion()),
                                    12,
                                    "normal"));
            y += BAR + GAP;
        }
        Latency l = r.latency;
        if (l != null && l.samples() > 0) {
            y += 30;
            body.append(
                    text(
                            20,
                            y,
                            String.format(
                                    "Latency at half load, ms (%,.0f events/s offered, %d samples)",
                                    l.offeredRate(), l.samples()),
                            16,
                            "bold"));
            y += 14;
            long top = Math.max(1, l.rawP(100));
            String[] names = {"p50", "p99", "max"};
            long[][] values = {
                {l.rawP(50), l.ownP(50)},
                {l.rawP(99), l.ownP(99)},
                {l.rawP(100), l.ownP(100)}
            };
            for (int i = 0; i < names.length; i++) {
                body.append(text(20, y + 30, names[i], 13, "normal"));
                for (int k = 0; k < 2; k++) {
                    long v = values[i][k];
                    int w = (int) Math.max(1, plot * Math.max(0, v) / (double) top);
                    body.append(rect(LABEL, y + k * 20, w, 18, k == 0 ? "#1f6feb" : "#2da44e"))
                            .append(
                                    text(
                                            LABEL + w + 8,
                                            y + k * 20 + 14,
                                            String.format("%,d ms", v),
                                            12,
                                            "normal"));
                }
                y += 2 * 20 + GAP + 4;
            }
            body.append(rect(LABEL, y + 4, 12, 12, "#1f6feb"))
                    .append(
                            text(
                                    LABEL + 18,
                                    y + 14,
                                    "input append to incident append",
                                    12,
                                    "normal"))
                    .append(rect(LABEL + 260, y + 4, 12, 12, "#2da44e"))
                    .append(
                            text(
                                    LABEL + 278,
                                    y + 14,
                                    String.format(
                                            "the job's own, beyond the %d s bound (%.0f ms at %.0fx)",
                                            l.boundMs() / 1000, l.boundWallMs(), l.speed()),
                                    12,
                                    "normal"));
            y += 24;
        }
        y += 20;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(y)
                .append("\" font-family=\"sans-serif\">\n")
                .append(rect(0, 0, WIDTH, y, "#ffffff"))
                .append(body)
                .append("</svg>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg, StandardCharsets.UTF_8);
    }

    private static String rect(int x, int y, int w, int h, String fill) {
        return String.format(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                x, y, w, h, fill);
    }

    private static String text(int x, int y, String s, int size, String weight) {
        return String.format(
                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>\n",
                x, y, size, weight, escape(s));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
