package org.halo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DelineationIntegral;
import org.halo.clinical.miss.DoseAccumulation;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.JavaMissEvaluator;
import org.halo.clinical.miss.MissEvaluator;
import org.halo.clinical.miss.MissProblem;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.clinical.miss.ScenarioOutcomes;
import org.halo.clinical.miss.ScenarioSampler;
import org.halo.clinical.miss.Scenarios;
import org.halo.clinical.miss.TargetModel;
import org.halo.compute.BackendProvider;
import org.halo.compute.Backends;
import org.halo.compute.CostProblem;
import org.halo.compute.CpuBackend;
import org.halo.compute.DeviceInfo;
import org.halo.geometry.DistanceTransform;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.Structure;
import org.halo.opencl.OpenClBackend;

/**
 * The steps of {@code benchmarks/gpu/check.sh} that need Java: {@code devices}, {@code parity} (CPU against OpenCL on
 * clinical-size inputs: masks voxel for voxel, distances within 1e-4 relative) and {@code table FILE.csv...} (the JMH
 * results as one table with the ratio to the CPU path).
 */
public final class GpuCheck {
    private GpuCheck() {}

    public static void main(String[] args) throws IOException {
        String step = args.length > 0 ? args[0] : "parity";
        switch (step) {
            case "devices": System.exit(devices()); break;
            case "parity": System.exit(parity()); break;
            case "stages": System.exit(stages()); break;
            case "table": {
                List<Path> csvs = new ArrayList<>();
                for (int i = 1; i < args.length; i++) if (Files.isRegularFile(Path.of(args[i]))) csvs.add(Path.of(args[i]));
                System.exit(table(csvs));
                break;
            }
            default:
                System.err.println("usage: GpuCheck devices|parity|stages|table FILE.csv...");
                System.exit(2);
        }
    }

    static int devices() {
        BackendProvider p = Backends.provider();
        List<DeviceInfo> devices = p == null ? List.of() : p.devices();
        if (devices.isEmpty()) {
            System.out.println("NO OPENCL: " + (p == null ? "the OpenCL module is missing" : p.problem())
                    + ". The driver offers no OpenCL platform here, so the GPU cannot be checked.");
            return 3;
        }
        for (DeviceInfo d : devices) System.out.println("  " + d.describe());
        DeviceInfo auto = Backends.autoChoice();
        System.out.println("  --device auto takes: " + (auto == null ? "the Java CPU path" : "opencl:" + auto.index() + " " + auto.name()));
        return 0;
    }

    static int parity() {
        OpenClBackend gpu = OpenClBackend.openFirst();
        if (gpu == null) {
            System.out.println("NO OPENCL: " + OpenClBackend.unavailableReason());
            return 3;
        }
        System.out.println("parity on " + gpu.name() + " against " + new CpuBackend().name()
                + (gpu.builtFromCache() ? " (program from binary cache)" : ""));
        CpuBackend cpu = new CpuBackend();
        MarginExpander onCpu = new MarginExpander(cpu), onGpu = new MarginExpander(gpu);
        Grid clinical = Phantoms.clinicalGrid();
        Map<String, Mask> inputs = new LinkedHashMap<>();
        inputs.put("five spheres 512x512x200", Phantoms.fiveSpheres(clinical));
        inputs.put("3 cm CTV 512x512x200", Phantoms.singleCtv(clinical));
        inputs.put("0.1% random sites 256x256x100 @1.2x0.683594x3", randomSites());
        Margin[] margins = {new Margin.Uniform(2), new Margin.Uniform(5), new Margin.PerAxis(3, 5, 7), new Margin.Directional(1, 2, 3, 4, 5, 0)};
        int failures = 0;
        for (Map.Entry<String, Mask> in : inputs.entrySet()) {
            for (Margin m : margins) {
                failures += compare(in.getKey() + " expand " + m, onCpu.expand(in.getValue(), m).mask(), onGpu.expand(in.getValue(), m).mask());
            }
            failures += compare(in.getKey() + " shrink 3 mm", onCpu.shrink(in.getValue(), new Margin.Uniform(3)).mask(),
                    onGpu.shrink(in.getValue(), new Margin.Uniform(3)).mask());
        }
        Mask ctv = inputs.get("3 cm CTV 512x512x200");
        failures += compareDistances("3 cm CTV signed distance", new DistanceTransform(cpu).signed(ctv), new DistanceTransform(gpu).signed(ctv));
        failures += compareDvh(gpu);
        failures += compareMiss(gpu);
        failures += compareSubvoxel(gpu, inputs.get("3 cm CTV 512x512x200"));
        gpu.close();
        System.out.println(failures == 0 ? "PARITY PASSED" : "PARITY FAILED: " + failures + " case(s)");
        return failures == 0 ? 0 : 1;
    }

    /** Median time of each pass on the device (5 mm margin, sites resident), full grid and the single CTV's box. */
    static int stages() {
        OpenClBackend gpu = OpenClBackend.openFirst();
        if (gpu == null) {
            System.out.println("NO OPENCL: " + OpenClBackend.unavailableReason());
            return 3;
        }
        Grid g = Phantoms.clinicalGrid();
        System.out.println("stage times on " + gpu.name() + " (ms, median of 30 after 10 warm-up runs; each stage waited for)");
        System.out.printf(Locale.ROOT, "  %-12s %9s %9s %9s %9s %9s%n", "input", "x pass", "y pass", "z pass", "pack", "total");
        for (String input : new String[] {"full", "singleCtv"}) {
            Mask m = input.equals("full") ? Phantoms.fiveSpheres(g) : Phantoms.singleCtv(g);
            try (OpenClBackend.Resident r = gpu.upload(BackendBenchmark.problem(m, input.equals("full")))) {
                double thr = 1 + MarginExpander.TIE_TOLERANCE;
                for (int i = 0; i < 10; i++) gpu.compute(r, thr);
                double[][] t = new double[30][];
                for (int i = 0; i < t.length; i++) t[i] = gpu.stageTimesMs(r, thr);
                double[] med = new double[5];
                for (int s = 0; s < 5; s++) {
                    double[] v = new double[t.length];
                    for (int i = 0; i < t.length; i++) v[i] = s < 4 ? t[i][s] : t[i][0] + t[i][1] + t[i][2] + t[i][3];
                    Arrays.sort(v);
                    med[s] = v[v.length / 2];
                }
                System.out.printf(Locale.ROOT, "  %-12s %9.3f %9.3f %9.3f %9.3f %9.3f%n", input, med[0], med[1], med[2], med[3], med[4]);
            }
        }
        endToEndPhases(gpu, g);
        gpu.close();
        return 0;
    }

    /**
     * The whole-grid expansion in place (what {@code halo expand} does with the full grid as the box), split into the
     * host-to-device part (packing into pinned memory and the upload), the passes, and the rest (download and marking
     * the PTV into the mask): which part of the end-to-end time to work on next.
     */
    static void endToEndPhases(OpenClBackend gpu, Grid g) {
        Mask m = Phantoms.fiveSpheres(g);
        byte[] work = m.voxels().clone();
        CostProblem p = BackendBenchmark.problem(Mask.wrap(g, work), true);
        double thr = 1 + MarginExpander.TIE_TOLERANCE;
        int runs = 30;
        double[] upload = new double[runs], passes = new double[runs], back = new double[runs], total = new double[runs];
        for (int i = -10; i < runs; i++) {
            System.arraycopy(m.voxels(), 0, work, 0, work.length);
            long t0 = System.nanoTime();
            try (OpenClBackend.Resident r = gpu.upload(p)) {
                long t1 = System.nanoTime();
                gpu.compute(r, thr);
                long t2 = System.nanoTime();
                r.markInto(work);
                long t3 = System.nanoTime();
                if (i >= 0) {
                    upload[i] = (t1 - t0) / 1e6;
                    passes[i] = (t2 - t1) / 1e6;
                    back[i] = (t3 - t2) / 1e6;
                    total[i] = (t3 - t0) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "  end to end in place, full grid (median of %d): %.3f ms; pack+upload %.3f, passes %.3f,"
                + " download+mark %.3f%n", runs, median(total), median(upload), median(passes), median(back));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static Mask randomSites() {
        Grid g = Grid.of(256, 256, 100, 1.2, 0.683594, 3.0);
        byte[] v = new byte[g.voxelCount()];
        Random r = new Random(42);
        for (int i = 0; i < v.length; i++) if (r.nextInt(1000) == 0) v[i] = 1;
        return Mask.wrap(g, v);
    }

    private static int compare(String what, Mask a, Mask b) {
        byte[] x = a.voxels(), y = b.voxels();
        long differ = 0;
        for (int i = 0; i < x.length; i++) if (x[i] != y[i]) differ++;
        System.out.printf(Locale.ROOT, "  %-6s %-70s %,12d voxels%s%n", differ == 0 ? "ok" : "FAIL", what, a.count(),
                differ == 0 ? "" : ", " + differ + " differ");
        return differ == 0 ? 0 : 1;
    }

    private static int compareDistances(String what, Volume a, Volume b) {
        float[] x = floats(a), y = floats(b);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) continue;
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1e-6, Math.abs(x[i])));
        }
        boolean ok = worst <= 1e-4;
        System.out.printf(Locale.ROOT, "  %-6s %-70s worst relative difference %.2e%n", ok ? "ok" : "FAIL", what, worst);
        return ok ? 0 : 1;
    }

    /** The sub-voxel margin of the 3 cm CTV: the same fractions, voxel for voxel. */
    private static int compareSubvoxel(OpenClBackend gpu, Mask ctv) {
        Margin m = new Margin.Directional(1, 2, 1.5, 2.5, 3, 1);
        SubvoxelResult a = new SubvoxelMargin(new CpuBackend()).expand(ctv, m, null);
        SubvoxelResult b = new SubvoxelMargin(gpu).expand(ctv, m, null);
        boolean ok = Arrays.equals(a.fractions(), b.fractions()) && Arrays.equals(a.boxLo(), b.boxLo());
        System.out.printf(Locale.ROOT, "  %-6s %-70s %.3f cc%n", ok ? "ok" : "FAIL", "sub-voxel 3 cm CTV, six-direction margin", b.volumeCc());
        return ok ? 0 : 1;
    }

    /**
     * The geographic-miss scenario kernel: 2 000 scenarios × 5 fractions on the cavity phantom, outcomes bit for bit,
     * with every error sampled and with the delineation offset integrated (the default estimator's problem), and the
     * coverage map's counts.
     */
    private static int compareMiss(OpenClBackend gpu) {
        Mask cavity = Phantoms.resectionCavity(Phantoms.cavityGrid());
        ErrorModel m = Platform.MASK_6DOF_MONITORED.model(
                TargetKind.CAVITY, true, 15);
        Scenarios sc = ScenarioSampler.sample(m, 2000, 5, 11);
        int failures = 0;
        for (DelineationIntegral.Offset offset : new DelineationIntegral.Offset[] {null, new DelineationIntegral.Offset(m.growthMm(), m.delineationMm())}) {
            MissProblem p = MissProblem.build(new MissTarget.WithMargin(cavity, 1.0),
                    new DoseModel.Exponential(null, null), MissSimulation.centroidMm(cavity), sc, m.substeps(),
                    DoseAccumulation.PHYSICAL, TargetModel.SMOOTH, offset, new CpuBackend());
            JavaMissEvaluator java = new JavaMissEvaluator(Runtime.getRuntime().availableProcessors());
            MissEvaluator device = gpu.capability(MissEvaluator.class);
            ScenarioOutcomes a = java.evaluate(p);
            long t0 = System.nanoTime();
            ScenarioOutcomes b = device.evaluate(p);
            double ms = (System.nanoTime() - t0) / 1e6;
            boolean ok = Arrays.equals(a.below95(), b.below95()) && Arrays.equals(a.below90(), b.below90())
                    && Arrays.equals(a.minDose(), b.minDose()) && Arrays.equals(a.d95(), b.d95())
                    && Arrays.equals(a.d98(), b.d98()) && Arrays.equals(a.maxGeometricMiss(), b.maxGeometricMiss())
                    && Arrays.equals(a.conditionalMissD95(), b.conditionalMissD95());
            String what = "miss model 2000 scenarios x 5 fractions, cavity" + (offset == null ? "" : ", offset integrated");
            System.out.printf(Locale.ROOT, "  %-6s %-70s %s (kernel %.1f ms incl. upload)%n", ok ? "ok" : "FAIL", what,
                    ok ? "identical outcomes" : "outcomes differ", ms);
            long t1 = System.nanoTime();
            int[] counts = device.underCounts(p, 0.95);
            double mapMs = (System.nanoTime() - t1) / 1e6;
            boolean same = Arrays.equals(java.underCounts(p, 0.95), counts);
            System.out.printf(Locale.ROOT, "  %-6s %-70s %s (%.1f ms)%n", same ? "ok" : "FAIL", "  its coverage map's counts at 95 %",
                    same ? "identical counts" : "counts differ", mapMs);
            failures += (ok ? 0 : 1) + (same ? 0 : 1);
        }
        return failures;
    }

    /** DVH of a 30 cc target (mask and exact fractions) in a spherical dose cloud, Java against the device. */
    private static int compareDvh(OpenClBackend gpu) {
        double r = Math.cbrt(30000 * 3 / (4 * Math.PI));
        Grid s = new Grid(new int[] {60, 60, 34}, new double[] {1, 1, 2}, new double[] {-29.5, -29.5, -33}, Grid.identity());
        Mask m = Mask.empty(s);
        Phantoms.addSphere(m, 29.5, 29.5, 33, r);
        Grid dg = new Grid(new int[] {50, 50, 50}, new double[] {2, 2, 2}, new double[] {-49, -49, -49}, Grid.identity());
        float[] d = new float[dg.voxelCount()];
        for (int k = 0; k < 50; k++) for (int j = 0; j < 50; j++) for (int i = 0; i < 50; i++) {
            double[] p = dg.indexToPatientMm(i, j, k);
            d[dg.index(i, j, k)] = (float) Math.max(0, 24 - 0.5 * Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
        }
        DoseGrid dose = new DoseGrid(Volume.ofFloats(dg, d));
        int failures = 0;
        for (Structure st : new Structure[] {Structure.of("mask", m),
            Structure.of("fractions", Phantoms.sphereFractions(s, 0.1, -0.2, 0.3, r, 6))}) {
            DoseVolumeHistogram a = DoseVolumeHistogram.compute(st, dose);
            DoseVolumeHistogram b = DoseVolumeHistogram.compute(st, dose, 0.01, 2,
                    DoseVolumeHistogram.Outside.ERROR, gpu);
            double worst = Math.abs(a.volumeCc() - b.volumeCc()) / a.volumeCc();
            for (double pct : new double[] {2, 50, 95, 98}) worst = Math.max(worst, Math.abs(a.doseAtVolumePct(pct) - b.doseAtVolumePct(pct)) / 20);
            boolean ok = worst <= 1e-6;
            System.out.printf(Locale.ROOT, "  %-6s %-70s worst relative difference %.2e%n", ok ? "ok" : "FAIL", "DVH 30 cc " + st.name(), worst);
            if (!ok) failures++;
        }
        return failures;
    }

    private static float[] floats(Volume v) {
        return ((FloatArray) v.image().update(null)).getCurrentStorageArray();
    }

    /** Reads JMH's CSV files and prints device, operation, input, box size, time, Mvoxel/s and the CPU/OpenCL ratio. */
    static int table(List<Path> csvs) throws IOException {
        List<String[]> rows = new ArrayList<>(); // operation, input, backend, ms
        for (Path csv : csvs) {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty()) continue;
            String[] header = split(lines.get(0));
            int iName = index(header, "Benchmark"), iScore = index(header, "Score"), iUnit = index(header, "Unit");
            int iBackend = index(header, "Param: backend"), iInput = indexOrMinus(header, "Param: input"), iGrid = indexOrMinus(header, "Param: grid");
            for (String l : lines.subList(1, lines.size())) {
                String[] r = split(l);
                rows.add(new String[] {op(r[iName]), inputOf(r, iInput, iGrid), r[iBackend], Double.toString(ms(r[iScore], r[iUnit]))});
            }
        }
        Map<String, Double> cpuMs = new LinkedHashMap<>();
        for (String[] r : rows) if (r[2].equals("cpu")) cpuMs.put(r[0] + "/" + r[1], Double.parseDouble(r[3]));
        OpenClBackend gpu = OpenClBackend.openFirst();
        String device = gpu == null ? "none" : gpu.device().name();
        if (gpu != null) gpu.close();
        Grid g = Phantoms.clinicalGrid();
        Map<String, Long> boxVoxels = Map.of(
                "full", (long) g.voxelCount(),
                "fiveSpheres", (long) BackendBenchmark.problem(Phantoms.fiveSpheres(g), false).box().voxelCount(),
                "singleCtv", (long) BackendBenchmark.problem(Phantoms.singleCtv(g), false).box().voxelCount());
        System.out.printf(Locale.ROOT, "%-34s %-22s %-12s %-7s %12s %12s %12s %10s%n", "device", "operation", "input", "backend",
                "box voxels", "time (ms)", "Mvoxel/s", "CPU/this");
        for (String[] r : rows) {
            double t = Double.parseDouble(r[3]);
            long vox = r[0].startsWith("miss") ? 0L : boxVoxels.getOrDefault(r[1], 0L);
            Double base = cpuMs.get(r[0] + "/" + r[1]);
            System.out.printf(Locale.ROOT, "%-34s %-22s %-12s %-7s %,12d %12.3f %12.0f %10s%n",
                    r[2].equals("cpu") ? "Java CPU (" + Runtime.getRuntime().availableProcessors() + " threads)" : device,
                    r[0], r[1], r[2], vox, t, vox > 0 ? vox / (t * 1e3) : Double.NaN, base == null ? "" : String.format(Locale.ROOT, "%.1f×", base / t));
        }
        return 0;
    }

    private static String op(String benchmark) {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        if (benchmark.contains("MissBenchmark")) return method.equals("scenarioKernelOnly") ? "miss10k x5 kernel" : "miss10k x5 whole";
        return method;
    }

    private static double ms(String score, String unit) {
        double v = Double.parseDouble(score);
        switch (unit) {
            case "s/op": return v * 1e3;
            case "us/op": return v / 1e3;
            case "ns/op": return v / 1e6;
            default: return v;
        }
    }

    private static int indexOrMinus(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        return -1;
    }

    private static String inputOf(String[] row, int input, int grid) {
        return grid >= 0 && grid < row.length && !row[grid].isEmpty() ? row[grid] : input(row, input);
    }

    private static String input(String[] row, int i) {
        return i < 0 || i >= row.length || row[i].isEmpty() ? "30cc" : row[i];
    }

    private static int index(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        throw new IllegalArgumentException("JMH CSV lacks column " + name);
    }

    private static String[] split(String line) {
        String[] parts = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        for (int i = 0; i < parts.length; i++) parts[i] = parts[i].replace("\"", "").trim();
        return parts;
    }
}
