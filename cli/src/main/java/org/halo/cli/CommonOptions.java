package org.halo.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {
    @Option(names = "--json", description = "Print one JSON object (snake_case keys with units) instead of text.")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces for errors.")
    boolean debug;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).")
    Integer threads;

    org.halo.compute.Backend backend() {
        return threads == null ? new org.halo.compute.CpuBackend() : new org.halo.compute.CpuBackend(threads);
    }
}
