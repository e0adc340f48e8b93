package org.halo.cli;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The allowed values of every numeric option of every command, in one table, checked once after parsing and before a
 * command runs: every value must be finite and inside its range, or the command stops with a usage error naming the
 * option. A numeric option missing from the table is refused too (a test walks picocli's model to keep it complete).
 */
final class OptionRanges {
    /** A closed or half-open interval with the unit the option is in. */
    record Range(double min, boolean minIncluded, double max, boolean maxIncluded, String unit) {
        boolean contains(double v) {
            return (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
        }

        String text() {
            return (minIncluded ? "[" : "(") + Format.num(min) + ", " + Format.num(max) + (maxIncluded ? "]" : ")") + (unit.isEmpty() ? "" : " " + unit);
        }

        /** A finite value above the range, for tests (every range here has a finite maximum). */
        double outside() {
            return max + Math.max(1, Math.abs(max));
        }
    }

    private static Range closed(double min, double max, String unit) {
        return new Range(min, true, max, true, unit);
    }

    private static Range above(double min, double max, String unit) {
        return new Range(min, false, max, true, unit);
    }

    private static final double ANY = 1e6;

    static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--alpha-beta-gy", above(0, 1000, "Gy")),
            Map.entry("--beam-on-min", above(0, 600, "min")),
            Map.entry("--bin-gy", closed(1e-4, 100, "Gy")),
            Map.entry("--days-mri-to-treatment", closed(0, 3650, "days")),
            Map.entry("--days-surgery-to-treatment", closed(0, 3650, "days")),
            Map.entry("--delineation-mm", closed(0, 20, "mm")),
            Map.entry("--diameter-mm", above(0, 300, "mm")),
            Map.entry("--distance-to-isocentre-mm", closed(0, 1000, "mm")),
            Map.entry("--distortion-mm", closed(0, 20, "mm")),
            Map.entry("--fractions", closed(1, 50, "")),
            Map.entry("--g50-mm", above(0, 100, "mm")),
            Map.entry("--gating-mm", closed(0, 50, "mm")),
            Map.entry("--gi", above(1, 100, "")),
            Map.entry("--growth-mm", closed(0, 50, "mm")),
            Map.entry("--inner-mm", closed(0, 500, "mm")),
            Map.entry("--intrafraction-mm", closed(0, 20, "mm")),
            Map.entry("--isocentre-mm", closed(-10_000, 10_000, "mm")),
            Map.entry("--isodose", above(0, 1, "")),
            Map.entry("--jobs", closed(1, 256, "")),
            Map.entry("--label", closed(-ANY * ANY, ANY * ANY, "")),
            Map.entry("--machine-mm", closed(0, 20, "mm")),
            Map.entry("--machine-offset-mm", closed(-50, 50, "mm")),
            Map.entry("--margin-mm", closed(0, 50, "mm")),
            Map.entry("--margins", closed(0, 50, "mm")),
            Map.entry("--margin-resolution", closed(0, 1, "mm")),
            Map.entry("--simplify-mm", closed(0, 5, "mm")),
            Map.entry("--min-dose-pct", above(0, 200, "% of Rx")),
            Map.entry("--out-spacing", closed(0.01, 100, "mm")),
            Map.entry("--outer-mm", above(0, 500, "mm")),
            Map.entry("--patients", closed(1, 1000, "")),
            Map.entry("--penumbra-mm", above(0, 50, "mm")),
            Map.entry("--port", closed(0, 65535, "")),
            Map.entry("--positions", closed(1, 1000, "")),
            Map.entry("--random-mm", closed(0, 20, "mm")),
            Map.entry("--registration-mm", closed(0, 20, "mm")),
            Map.entry("--rotation-deg", closed(0, 30, "°")),
            Map.entry("--rx-gy", above(0, 200, "Gy")),
            Map.entry("--scenarios", closed(100, 1_000_000, "")),
            Map.entry("--seed", closed(Long.MIN_VALUE, Long.MAX_VALUE, "")),
            Map.entry("--substeps", closed(1, 1000, "")),
            Map.entry("--systematic-mm", closed(0, 20, "mm")),
            Map.entry("--systematic-rotation-deg", closed(0, 30, "°")),
            Map.entry("--target-risk", new Range(0, false, 1, false, "")),
            Map.entry("--threads", closed(1, 1024, "")),
            Map.entry("--tolerance-mm", closed(0, 50, "mm")),
            Map.entry("--v-gy", closed(0, 1000, "Gy")),
            Map.entry("--v-rx-pct", closed(0, 1000, "%")),
            Map.entry("--volume-cc", above(0, 5000, "cc")));

    private OptionRanges() {}

    /** True for options whose values are numbers (alone, in arrays or in lists). */
    static boolean numeric(OptionSpec o) {
        Class<?> t = o.type().isArray() ? o.type().getComponentType() : o.auxiliaryTypes().length > 0 && Collection.class.isAssignableFrom(o.type())
                ? o.auxiliaryTypes()[0] : o.type();
        return t == double.class || t == Double.class || t == int.class || t == Integer.class || t == long.class || t == Long.class
                || t == float.class || t == Float.class;
    }

    /** Checks the options the user gave, on the command and every subcommand parsed. */
    static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            for (OptionSpec o : p.matchedOptions()) {
                if (!numeric(o)) continue;
                Range r = RANGES.get(o.longestName());
                if (r == null) throw new IllegalStateException("no range declared for numeric option " + o.longestName());
                for (double v : values(o.getValue())) {
                    if (!Double.isFinite(v)) throw refuse(p.commandSpec().commandLine(), o, Format.num(v) + " is not a finite number");
                    if (!r.contains(v)) throw refuse(p.commandSpec().commandLine(), o, Format.num(v) + " is outside " + r.text());
                }
            }
        }
    }

    private static CommandLine.ParameterException refuse(CommandLine cl, OptionSpec o, String problem) {
        return new CommandLine.ParameterException(cl, o.longestName() + ": " + problem);
    }

    static List<Double> values(Object value) {
        List<Double> out = new ArrayList<>();
        if (value == null) return out;
        if (value instanceof Number n) out.add(n.doubleValue());
        else if (value.getClass().isArray()) for (int i = 0; i < Array.getLength(value); i++) out.addAll(values(Array.get(value, i)));
        else if (value instanceof Collection<?> c) for (Object x : c) out.addAll(values(x));
        return out;
    }

}
