package org.halo.cli;

import java.util.ArrayList;
import java.util.List;
import org.halo.compute.AutoBackend;
import org.halo.compute.Backend;
import org.halo.compute.Backends;
import picocli.CommandLine.Option;

/** Options every command shares, and the backend they choose. */
final class CommonOptions {
    @Option(names = "--json", description = "Print one JSON object (snake_case keys with units) instead of text.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces for errors.")
    boolean debug;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).")
    Integer threads;

    @Option(names = "--device", paramLabel = "auto|cpu|opencl[:N]", defaultValue = "auto",
            description = "Where to compute: auto (an OpenCL GPU, if present, for work large enough to repay its start-up; "
                    + "else the Java CPU path), cpu, opencl, or opencl:N from 'halo devices'. Default: ${DEFAULT-VALUE}.")
    String device;

    /** One-line notes about the backend (a fallback, or why auto took the CPU path). */
    final List<String> notes = new ArrayList<>();

    private Backend backend;

    Backend backend() {
        if (backend == null) {
            if (threads != null && threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
            Backends.Selection s;
            try {
                s = Backends.select(device, threads, notes::add);
            } catch (IllegalArgumentException e) {
                // The library names the device; the command line names its option.
                throw new IllegalArgumentException("--" + e.getMessage().replaceFirst("^a device is", "device takes")
                        + (e.getMessage().contains("number of an OpenCL device") ? " (see 'halo devices')" : ""), e);
            }
            if (s.note() != null) notes.add(s.note());
            backend = s.backend();
        }
        return backend;
    }

    /** Why auto ran the work on the CPU: reported in JSON; in text only with --debug, since it is the normal case. */
    private String autoNote() {
        return backend instanceof AutoBackend a ? a.note() : null;
    }

    void report(Report r) {
        String autoNote = autoNote();
        if (autoNote != null) r.put("device_note", autoNote);
        if (!notes.isEmpty()) r.put("backend_notes", notes);
        for (String n : notes) r.note(n);
        if (debug && autoNote != null) r.note(autoNote);
    }
}
