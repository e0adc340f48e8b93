package org.halo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.geometry.MarginAccuracy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = {"Voxel-centre against sub-voxel margins: volume errors against the exact Minkowski volume and the",
            "superior-inferior growth, for a sphere and an ellipsoid at random positions on four clinical grids."})
final class AccuracyCommand implements Callable<Integer> {
    @Option(names = "--positions", paramLabel = "N", defaultValue = "3", description = "Random positions per case (worst reported). Default: ${DEFAULT-VALUE}.")
    int positions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2026", description = "Seed of the positions. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (positions < 1) throw new IllegalArgumentException("--positions must be at least 1");
        List<MarginAccuracy.Row> rows = new MarginAccuracy(common.backend()).table(positions, seed);
        Report r = new Report(common.json);
        r.line("Margin accuracy: worst error over " + positions + " random positions against the exact Minkowski volume");
        r.line(String.format(Locale.ROOT, "  %-18s %-14s %6s %13s %15s %13s %16s", "shape", "grid (mm)", "margin", "voxel-centre", "sub-voxel frac",
                "sub-voxel bin", "SI growth - 2m"));
        List<Object> json = new ArrayList<>();
        for (MarginAccuracy.Row x : rows) {
            String grid = Format.num(x.spacingMm()[0]) + "×" + Format.num(x.spacingMm()[1]) + "×"
                    + Format.num(x.spacingMm()[2]);
            r.line(String.format(Locale.ROOT, "  %-18s %-14s %4.0f mm %+12.1f%% %+14.2f%% %+12.2f%% %+13.2f mm", x.shape(), grid, x.marginMm(),
                    x.voxelCentrePct(), x.fractionalPct(), x.binaryPct(), x.siGrowthErrorMm()));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("shape", x.shape());
            j.put("voxel_spacing_mm", x.spacingMm());
            j.put("margin_mm", x.marginMm());
            j.put("exact_cc", Format.r3(x.exactCc()));
            j.put("voxel_centre_error_pct", MissReport.round(x.voxelCentrePct(), 2));
            j.put("subvoxel_fractional_error_pct", MissReport.round(x.fractionalPct(), 2));
            j.put("subvoxel_binary_error_pct", MissReport.round(x.binaryPct(), 2));
            j.put("si_growth_error_mm", MissReport.round(x.siGrowthErrorMm(), 3));
            json.add(j);
        }
        r.line("Goals: fractional within 2 %, binary within 3 %, SI growth within ±0.75 mm of 2·m.");
        r.put("command", "accuracy").put("positions", positions).put("seed", seed).put("rows", json);
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
