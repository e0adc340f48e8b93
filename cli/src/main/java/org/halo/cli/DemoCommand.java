package org.halo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.compute.Backend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.MarginResult;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole story in under a minute. 1: a phantom CTV (a 3 cm sphere on a 512 × 512 × 200 grid of",
            "0.5 × 0.5 × 1 mm) expanded by several margins, volumes next to the exact ones. 2: a phantom resection cavity:",
            "the guideline's margins with their sources, the PTV, the coverage of a 30 Gy/5 plan, and SRS against HSRT in",
            "the geographic-miss model: is the HSRT margin the same as the SRS margin?"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out-dir", paramLabel = "DIR", description = "Also write the CTV and PTVs there as NIfTI.")
    Path outDir;

    @Option(names = "--scenarios", paramLabel = "N", defaultValue = "2000",
            description = "Monte Carlo scenarios per margin and regimen in part 2 (halo compare uses 10 000). Default: ${DEFAULT-VALUE}.")
    int scenarios;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (outDir != null) Files.createDirectories(outDir);
        Grid grid = Phantoms.clinicalGrid();
        Mask ctv = Phantoms.singleCtv(grid);
        Backend backend = common.backend();
        MarginExpander expander = new MarginExpander(backend);
        Report r = new Report(common.json);
        double rCtv = 15;
        r.line("Halo demo: CTV = sphere of radius " + rCtv + " mm on a " + grid.size(0) + " × " + grid.size(1) + " × " + grid.size(2)
                + " grid of " + MarginCommand.spacingText(ctv) + " (" + backend.name() + ")");
        r.line(String.format(Locale.ROOT, "  %-28s %12s %14s %10s %10s", "structure", "volume (cc)", "exact (cc)", "error", "time (ms)"));
        List<Map<String, Object>> rows = new ArrayList<>();
        row(r, rows, "CTV", ctv, sphereCc(rCtv), 0);
        if (outDir != null) ImageFiles.write(ctv.toVolume(), outDir.resolve("ctv.nii.gz"));
        Object[][] cases = {
            {"PTV = CTV + 2 mm", new Margin.Uniform(2), sphereCc(rCtv + 2)},
            {"PTV = CTV + 5 mm", new Margin.Uniform(5), sphereCc(rCtv + 5)},
            {"PTV = CTV + 3,3,3,3,5,5 mm", new Margin.Directional(3, 3, 3, 3, 5, 5), Double.NaN},
        };
        int n = 0;
        for (Object[] c : cases) {
            long t0 = System.nanoTime();
            MarginResult res = expander.expand(ctv, (Margin) c[1]);
            double ms = (System.nanoTime() - t0) / 1e6;
            row(r, rows, (String) c[0], res.mask(), (double) c[2], ms);
            r.warnAll(res.warnings());
            if (outDir != null) ImageFiles.write(res.mask().toVolume(), outDir.resolve("ptv" + (++n) + ".nii.gz"));
        }
        long t0 = System.nanoTime();
        MarginResult ring = expander.ring(ctv, new Margin.Uniform(2), new Margin.Uniform(10));
        row(r, rows, "ring 2–10 mm around CTV", ring.mask(), sphereCc(rCtv + 10) - sphereCc(rCtv + 2), (System.nanoTime() - t0) / 1e6);
        r.line("  Voxel-centre margins (the convention of SciPy, plastimatch and treatment planning systems) come out smaller");
        r.line("  than the continuous sphere; the error column shows by how much on this grid.");
        r.put("grid_size", grid.size()).put("voxel_spacing_mm", grid.spacingMm()).put("backend", backend.name()).put("structures", rows);
        r.line("");
        r.put("cavity", new CavityStory(backend, expander, scenarios, outDir, spec.commandLine().getErr()).tell(r));
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private static double sphereCc(double rMm) {
        return 4.0 / 3.0 * Math.PI * rMm * rMm * rMm / 1000.0;
    }

    private static void row(Report r, List<Map<String, Object>> rows, String name, Mask m, double exactCc, double ms) {
        double cc = m.volumeCc();
        String err = Double.isNaN(exactCc) ? "" : String.format(Locale.ROOT, "%+.1f %%", 100 * (cc - exactCc) / exactCc);
        r.line(String.format(Locale.ROOT, "  %-28s %12.3f %14s %10s %10s", name, cc,
                Double.isNaN(exactCc) ? "" : String.format(Locale.ROOT, "%.3f", exactCc), err, ms > 0 ? Format.round(ms, 1) : ""));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", name);
        j.put("voxels", m.count());
        j.put("volume_cc", Format.r3(cc));
        j.put("exact_volume_cc", Double.isNaN(exactCc) ? null : Format.r3(exactCc));
        j.put("elapsed_ms", Format.r3(ms));
        rows.add(j);
    }
}
