package org.halo.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.compute.Backend;
import org.halo.io.ImageFiles;
import org.halo.io.SafeFiles;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "dvh", mixinStandardHelpOptions = true,
        description = {"Cumulative and differential dose-volume histograms with partial volumes, written as CSV (and a PNG plot).",
            "Structures may be 0/1 masks or fractional (0…1) volumes, on any grid: the dose is interpolated in patient coordinates."})
final class DvhCommand implements Callable<Integer> {
    @Option(names = "--structure", required = true, paramLabel = "FILE", description = "Structure (repeat for several).")
    List<Path> structures;

    @Option(names = "--dose", required = true, paramLabel = "FILE", description = "Dose volume in Gy.")
    Path dose;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "CSV: dose_gy, then per structure volume at least that dose (cc and %%) and per bin (cc).")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the cumulative DVHs.")
    Path plot;

    @Option(names = "--rx-gy", paramLabel = "GY", description = "Prescription: adds V100 and marks it on the plot.")
    Double rxGy;

    @Option(names = "--v-gy", split = ",", paramLabel = "GY[,GY...]", description = "Also report V at these doses (Gy), in cc and %%.")
    List<Double> vGy = new ArrayList<>();

    @Option(names = "--v-rx-pct", split = ",", paramLabel = "PCT[,PCT...]", description = "Also report V at these %% of the prescription (needs --rx-gy).")
    List<Double> vRxPct = new ArrayList<>();

    @Option(names = "--bin-gy", paramLabel = "GY", defaultValue = "0.01", description = "Bin width in Gy (default ${DEFAULT-VALUE}).")
    double binGy;

    @Option(names = "--allow-outside", paramLabel = "zero|ignore", description = "Structure parts outside the dose grid: count as 0 Gy, or leave out. Default: error.")
    String allowOutside;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    static DoseVolumeHistogram.Outside outside(String s) {
        if (s == null) return DoseVolumeHistogram.Outside.ERROR;
        switch (s.toLowerCase(Locale.ROOT)) {
            case "zero": return DoseVolumeHistogram.Outside.ZERO;
            case "ignore": return DoseVolumeHistogram.Outside.IGNORE;
            default: throw new IllegalArgumentException("--allow-outside takes zero or ignore, not '" + s + "'");
        }
    }

    /** A structure's name in the output: its file name without the image extension. */
    static String structureName(Path file) {
        return file.getFileName().toString().replaceAll("\\.(nii\\.gz|nii|nrrd|nhdr|mha|mhd)$", "");
    }

    static Structure structure(Path file) {
        try {
            return Structure.of(structureName(file), ImageFiles.read(file));
        } catch (HaloException e) {
            throw e; // already names its file
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
    }


    static DoseVolumeHistogram dvh(Structure s, DoseGrid d, double binGy, DoseVolumeHistogram.Outside outside, Path file,
                                   Backend backend) {
        try {
            return DoseVolumeHistogram.compute(s, d, binGy, DoseVolumeHistogram.DEFAULT_SUBDIVISIONS, outside, backend);
        } catch (DoseVolumeHistogram.OutsideDoseGrid e) {
            throw HaloException.inFile(file, e.getMessage() + "; use --allow-outside zero|ignore to say how to treat it");
        } catch (HaloException e) {
            throw e; // already names its file
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
    }

    /** The DVH points every report carries, keyed with units. */
    static Map<String, Object> points(DoseVolumeHistogram d, Double rxGy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("volume_cc", Format.r3(d.volumeCc()));
        m.put("d98_gy", Format.r3(d.doseAtVolumePct(98)));
        m.put("d95_gy", Format.r3(d.doseAtVolumePct(95)));
        m.put("d50_gy", Format.r3(d.doseAtVolumePct(50)));
        m.put("d2_gy", Format.r3(d.doseAtVolumePct(2)));
        m.put("d0_03cc_gy", nan(d.doseAtVolumeCc(0.03)));
        m.put("d0_5cc_gy", nan(d.doseAtVolumeCc(0.5)));
        m.put("dmean_gy", Format.r3(d.meanGy()));
        m.put("dmin_gy", Format.r3(d.minGy()));
        m.put("dmax_gy", Format.r3(d.maxGy()));
        if (rxGy != null) {
            m.put("v100_pct", Format.r3(d.volumeAtLeastPct(rxGy)));
            m.put("v100_cc", Format.r3(d.volumeAtLeastCc(rxGy)));
        }
        if (d.outsideCc() > 0) m.put("outside_dose_grid_cc", Format.r3(d.outsideCc()));
        return m;
    }

    /** 12 → "12", 20.5 → "20_5", 10.05 → "10_05": a number as a JSON key part. */
    static String key(double x) {
        String t = Format.num(x);
        if (t.endsWith(".0")) t = t.substring(0, t.length() - 2);
        return t.replace('.', '_').replace('-', 'm');
    }

    /** V at chosen doses (Gy) and at chosen percentages of the prescription, keyed with units. */
    static void volumePoints(Map<String, Object> m, DoseVolumeHistogram d, List<Double> gy, List<Double> rxPct, Double rxGy) {
        for (double x : gy) {
            String k = "v" + key(x) + "gy";
            m.put(k + "_cc", Format.r3(d.volumeAtLeastCc(x)));
            m.put(k + "_pct", Format.r3(d.volumeAtLeastPct(x)));
        }
        for (double x : rxPct) {
            String k = "v" + key(x) + "pct_rx";
            m.put(k + "_cc", Format.r3(d.volumeAtLeastCc(rxGy * x / 100)));
            m.put(k + "_pct", Format.r3(d.volumeAtLeastPct(rxGy * x / 100)));
        }
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? null : Format.r3(v);
    }

    static String pointsLine(DoseVolumeHistogram d, Double rxGy) {
        String s = String.format(Locale.ROOT, "  %-16s %8.3f cc  D98 %.2f  D95 %.2f  D50 %.2f  D2 %.2f  Dmean %.2f  Dmin %.2f  Dmax %.2f Gy",
                d.name(), d.volumeCc(), d.doseAtVolumePct(98), d.doseAtVolumePct(95), d.doseAtVolumePct(50), d.doseAtVolumePct(2),
                d.meanGy(), d.minGy(), d.maxGy());
        if (rxGy != null) s += String.format(Locale.ROOT, "  V%.1fGy %.1f %%", rxGy, d.volumeAtLeastPct(rxGy));
        return s;
    }

    @Override
    public Integer call() {
        if (rxGy != null && !(rxGy > 0)) throw new IllegalArgumentException("--rx-gy must be a positive dose");
        if (!vRxPct.isEmpty() && rxGy == null) throw new IllegalArgumentException("--v-rx-pct needs --rx-gy");
        DoseVolumeHistogram.Outside policy = outside(allowOutside);
        // The CSV has columns per structure name: two structures of one name would give two columns of one name.
        Set<String> names = new HashSet<>();
        for (Path s : structures) {
            if (!names.add(structureName(s))) {
                throw HaloException.inFile(s, "is a second structure named '" + structureName(s) + "'; give each structure once, from files of different names");
            }
        }
        DoseGrid d = Inputs.dose(dose);
        List<DoseVolumeHistogram> dvhs = new ArrayList<>();
        Backend backend = common.backend();
        for (Path s : structures) dvhs.add(dvh(structure(s), d, binGy, policy, s, backend));
        // The CSV and the plot appear together or not at all.
        Map<Path, SafeFiles.Content> files = new LinkedHashMap<>();
        files.put(out, csv(dvhs));
        if (plot != null) files.put(plot, DvhPlot.png(dvhs, rxGy));
        SafeFiles.writeAll(files);
        Report r = report(dvhs, policy);
        r.put("backend", backend.name());
        common.report(r);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    /** The cumulative and differential DVHs, one row per bin, three columns per structure (cc, %, bin cc). */
    private SafeFiles.Content csv(List<DoseVolumeHistogram> dvhs) {
        double maxDose = 0;
        for (DoseVolumeHistogram h : dvhs) maxDose = Math.max(maxDose, h.maxGy());
        int rows = (int) Math.ceil(maxDose / binGy) + 1;
        return os -> {
            StringBuilder sb = new StringBuilder("dose_gy");
            for (DoseVolumeHistogram h : dvhs) sb.append(',').append(h.name()).append("_cc,").append(h.name()).append("_pct,").append(h.name()).append("_bin_cc");
            sb.append('\n');
            os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            double[][] diff = new double[dvhs.size()][];
            for (int i = 0; i < dvhs.size(); i++) diff[i] = dvhs.get(i).differentialCc();
            for (int b = 0; b <= rows; b++) {
                double gy = b * binGy;
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.4f", gy));
                for (int i = 0; i < dvhs.size(); i++) {
                    DoseVolumeHistogram h = dvhs.get(i);
                    row.append(String.format(Locale.ROOT, ",%.6f,%.4f,%.6f", h.volumeAtLeastCc(gy), h.volumeAtLeastPct(gy), b < diff[i].length ? diff[i][b] : 0.0));
                }
                row.append('\n');
                os.write(row.toString().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private Report report(List<DoseVolumeHistogram> dvhs, DoseVolumeHistogram.Outside policy) {
        Report r = new Report(common.json);
        r.line("DVH of " + dvhs.size() + " structure(s) in " + dose + " → " + out + (plot != null ? " and " + plot : "")
                + String.format(Locale.ROOT, " (bins %.3g Gy)", binGy));
        List<Map<String, Object>> list = new ArrayList<>();
        for (DoseVolumeHistogram h : dvhs) {
            r.line(pointsLine(h, rxGy));
            Map<String, Object> pts = points(h, rxGy);
            volumePoints(pts, h, vGy, vRxPct, rxGy);
            StringBuilder extra = new StringBuilder();
            for (double x : vGy) extra.append(String.format(Locale.ROOT, "  V%sGy %.3f cc (%.1f %%)", Format.num(x), h.volumeAtLeastCc(x), h.volumeAtLeastPct(x)));
            for (double x : vRxPct) extra.append(String.format(Locale.ROOT, "  V%s%%Rx %.3f cc (%.1f %%)", Format.num(x), h.volumeAtLeastCc(rxGy * x / 100), h.volumeAtLeastPct(rxGy * x / 100)));
            if (extra.length() > 0) r.line("  " + " ".repeat(16) + extra);
            list.add(pts);
            if (h.outsideCc() > 0) r.warn(String.format(Locale.ROOT, "%s: %.3f cc lie outside the dose grid (%s)", h.name(), h.outsideCc(),
                    policy == DoseVolumeHistogram.Outside.ZERO ? "counted as 0 Gy" : "left out"));
        }
        r.put("dose", dose.toString()).put("csv", out.toString()).put("plot", plot == null ? null : plot.toString())
                .put("bin_gy", binGy).put("rx_gy", rxGy).put("structures", list);
        return r;
    }
}
