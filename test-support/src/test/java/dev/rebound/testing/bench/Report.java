package dev.rebound.testing.bench;

import dev.rebound.testing.bench.ProbeService.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures, rendered as the markdown tables docs/benchmarks.md takes. */
final class Report {
    private final StringBuilder head = new StringBuilder();
    private final Map<Variant, List<Double>> startupSeconds = new EnumMap<>(Variant.class);
    private final Map<Variant, List<Double>> rssMiB = new EnumMap<>(Variant.class);
    private final List<double[]> throughput = new ArrayList<>();
    private final Map<Variant, List<Double>> redelivery = new EnumMap<>(Variant.class);
    private final Map<Variant, long[]> failedAndMissing = new EnumMap<>(Variant.class);
    private final StringBuilder outage = new StringBuilder();
    private final StringBuilder pairs = new StringBuilder();
    private String rssAfterLoad = "";
    private String loadAtEnd = "";

    void machine(String emulator) {
        head.append(String.format("Machine: %d cores, %s, %s; load average at start %s; %s; emulator: %s%n%n",
                Runtime.getRuntime().availableProcessors(), cpu(), memory(), loadAverage(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), emulator));
    }

    void load() {
        loadAtEnd = "Load average at end: " + loadAverage() + "\n";
    }

    void startup(Variant v, Duration startup, long rssKiB) {
        startupSeconds.computeIfAbsent(v, k -> new ArrayList<>()).add(startup.toMillis() / 1e3);
        rssMiB.computeIfAbsent(v, k -> new ArrayList<>()).add(rssKiB / 1024.0);
    }

    void throughput(double google, double smallrye) {
        throughput.add(new double[] {google, smallrye});
    }

    void redelivery(Variant v, DeliveryRound round) {
        redelivery.computeIfAbsent(v, k -> new ArrayList<>()).addAll(round.redeliverySeconds());
        long[] counts = failedAndMissing.computeIfAbsent(v, k -> new long[2]);
        counts[0] += round.failedFirst();
        counts[1] += round.failedFirst() - round.redeliverySeconds().size();
    }

    void outage(Variant v, DeliveryRound failing, DeliveryRound after) {
        long heldBefore = failedAndMissing.getOrDefault(v, new long[2])[1];
        outage.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d of %d | %s |%n", v.label, heldBefore,
                failing.messages, failing.processed(), after.processed(), after.messages,
                after.processed() == after.messages ? f1(after.lastProcessedSeconds()) + " s" : "—"));
    }

    void rssAfterLoad(long googleKiB, long smallryeKiB) {
        rssAfterLoad = String.format(Locale.ROOT, "RSS after the load phases: Google client %d MiB, SmallRye %d MiB%n",
                googleKiB / 1024, smallryeKiB / 1024);
    }

    void pair(Variant v, DeliveryRound round, long duplicates) {
        pairs.append(String.format(Locale.ROOT, "| %s | %d | %d + %d | %d | %d | %d |%n", v.label,
                round.messages, round.processedBy(0), round.processedBy(1), round.processedTwice(),
                round.messages - round.processed(), duplicates));
    }

    String text() {
        StringBuilder out = new StringBuilder(head);
        out.append("### Startup (spawn to ready) and RSS at ready, median of each package's starts\n\n");
        out.append("| package | starts | to ready | RSS at ready |\n|---|---:|---:|---:|\n");
        startupSeconds.forEach((v, s) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s s | %s MiB |%n",
                v.label, joined(s), f2(median(s)), f0(median(rssMiB.get(v))))));
        out.append("\n### Throughput, messages/s end to end (publish to processed), after a warm-up round each, "
                + "rounds alternating\n\n");
        out.append("| round | Google client | SmallRye | ratio SmallRye / Google |\n|---|---:|---:|---:|\n");
        List<Double> g = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int i = 0; i < throughput.size(); i++) {
            double[] t = throughput.get(i);
            g.add(t[0]);
            s.add(t[1]);
            ratio.add(t[1] / t[0]);
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f |%n", i + 1, t[0], t[1], t[1] / t[0]));
        }
        if (!throughput.isEmpty()) {
            out.append(String.format(Locale.ROOT, "| median | %.0f | %.0f | %.2f |%n", median(g), median(s),
                    median(ratio)));
        }
        out.append("\n### Transient failure on first delivery: time to successful reprocessing\n\n");
        out.append("| path | failed once | not reprocessed within the wait | median | p95 | max |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        redelivery.forEach((v, list) -> out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n",
                v.label, failedAndMissing.get(v)[0], failedAndMissing.get(v)[1], seconds(percentile(list, 50)),
                seconds(percentile(list, 95)), seconds(percentile(list, 100)))));
        out.append("\n### Outage: a burst that all fails once, then healthy messages\n\n");
        out.append("| path | unacked from earlier phases | failing burst | of it reprocessed "
                + "| healthy after it processed | last healthy at |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n").append(outage);
        out.append("\n").append(rssAfterLoad);
        out.append("\n### Two instances on one subscription (competing consumers)\n\n");
        out.append("| path | published | processed by instance 1 + 2 | processed twice | missing "
                + "| redelivered, dropped by the ledger |\n|---|---:|---:|---:|---:|---:|\n");
        out.append(pairs).append("\n").append(loadAtEnd);
        return out.toString();
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** Nearest-rank percentile; NaN for no values. */
    static double percentile(List<Double> values, int p) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "—" : f2(s) + " s";
    }

    private static String joined(List<Double> values) {
        return String.join(" · ", values.stream().map(Report::f2).toList());
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String loadAverage() {
        String[] fields = read("/proc/loadavg").split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "?";
    }

    private static String cpu() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String memory() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("? GiB");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
