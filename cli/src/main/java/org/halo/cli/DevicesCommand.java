package org.halo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.compute.AutoBackend;
import org.halo.compute.BackendProvider;
import org.halo.compute.Backends;
import org.halo.compute.DeviceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the OpenCL platforms and devices (name, vendor, OpenCL version, memory, fp64) and the one --device auto takes.")
final class DevicesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BackendProvider provider = Backends.provider();
        List<DeviceInfo> devices = provider == null ? List.of() : provider.devices();
        DeviceInfo auto = Backends.autoChoice();
        Report r = new Report(common.json);
        List<Map<String, Object>> rows = new ArrayList<>();
        if (devices.isEmpty()) {
            r.line("No OpenCL device: " + (provider == null ? "the OpenCL module is missing" : provider.problem()) + ".");
        }
        for (DeviceInfo d : devices) {
            r.line("opencl:" + d.index() + "  " + d.name());
            r.line("    platform " + d.platform() + ", vendor " + d.vendor() + ", " + d.openClVersion());
            r.line(String.format(Locale.ROOT, "    %s, global memory %.2f GiB, max allocation %.2f GiB, fp64 %s",
                    d.gpu() ? "GPU" : "not a GPU", d.globalMemoryBytes() / 1073741824.0, d.maxAllocationBytes() / 1073741824.0, d.fp64() ? "yes" : "no"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("device", "opencl:" + d.index());
            row.put("name", d.name());
            row.put("platform", d.platform());
            row.put("vendor", d.vendor());
            row.put("opencl_version", d.openClVersion());
            row.put("gpu", d.gpu());
            row.put("global_memory_bytes", d.globalMemoryBytes());
            row.put("max_allocation_bytes", d.maxAllocationBytes());
            row.put("fp64", d.fp64());
            rows.add(row);
        }
        int threads = Runtime.getRuntime().availableProcessors();
        String autoText = auto == null ? "cpu (Java, " + threads + " threads)"
                : String.format(Locale.ROOT, "opencl:%d (%s) for boxes of at least %.0f M voxels and the Monte Carlo; cpu (Java, %d threads) for smaller work",
                        auto.index(), auto.name(), AutoBackend.VOXELS_PER_THREAD * threads / 1e6, threads);
        r.line("--device auto takes: " + autoText);
        r.put("devices", rows).put("problem", devices.isEmpty() && provider != null ? provider.problem() : null).put("auto", autoText);
        r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
