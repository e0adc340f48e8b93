package org.halo.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.MemoryBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code halo} command: exact margins, distances and image facts for radiotherapy structures. */
@Command(name = "halo", mixinStandardHelpOptions = true, versionProvider = HaloCommand.Version.class,
        description = "Exact Euclidean CTV→PTV margins in millimetres, distance maps and image geometry.")
public final class HaloCommand implements Callable<Integer> {
    /**
     * Halo's version, as --version prints it and as cohort runs record it: the POM's version, from the jar's manifest
     * (Implementation-Version); classes run outside a jar (the tests) say so instead.
     */
    static final String VERSION = Optional.ofNullable(HaloCommand.class.getPackage().getImplementationVersion()).orElse("development (not from a jar)");

    /** --version's text. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"halo " + VERSION};
        }
    }

    /**
     * The subcommands by name, in the order usage lists them. Registered here rather than in the annotation so that a
     * run of one subcommand builds picocli's model of that one alone: reflecting over all of them was a quarter of a
     * second of every start.
     */
    static final LinkedHashMap<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("expand", ExpandCommand.class);
        SUBCOMMANDS.put("shrink", ShrinkCommand.class);
        SUBCOMMANDS.put("ring", RingCommand.class);
        SUBCOMMANDS.put("distance", DistanceCommand.class);
        SUBCOMMANDS.put("info", InfoCommand.class);
        SUBCOMMANDS.put("metrics", MetricsCommand.class);
        SUBCOMMANDS.put("dvh", DvhCommand.class);
        SUBCOMMANDS.put("dicom", DicomCommand.class);
        SUBCOMMANDS.put("devices", DevicesCommand.class);
        SUBCOMMANDS.put("accuracy", AccuracyCommand.class);
        SUBCOMMANDS.put("guideline", GuidelineCommand.class);
        SUBCOMMANDS.put("miss", MissCommand.class);
        SUBCOMMANDS.put("compare", CompareCommand.class);
        SUBCOMMANDS.put("explore", ExploreCommand.class);
        SUBCOMMANDS.put("cohort", CohortCommand.class);
        SUBCOMMANDS.put("demo", DemoCommand.class);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    /** Exit code for bad input (unreadable file, impossible margin, ...). */
    static final int BAD_INPUT = 1;
    /** Exit code for bad usage (unknown option, missing argument). */
    static final int BAD_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code halo} alone is a usage error: the usage goes to stderr and the exit code is 2. */
    @Override
    public Integer call() {
        withSubcommands(new CommandLine(new HaloCommand()), null).usage(spec.commandLine().getErr());
        return BAD_USAGE;
    }

    /** Adds the named subcommand alone, or all of them when {@code only} is null or names none (help, errors, usage). */
    static CommandLine withSubcommands(CommandLine cl, String only) {
        Class<?> one = only == null || only.equals("help") ? null : SUBCOMMANDS.get(only);
        if (one != null) {
            cl.addSubcommand(only, one);
        } else {
            for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) cl.addSubcommand(e.getKey(), e.getValue());
        }
        return cl;
    }

    /** The first argument that is not an option: the subcommand's name when there is one. */
    private static String firstWord(String[] args) {
        for (String a : args) if (!a.startsWith("-")) return a;
        return null;
    }

    /**
     * The one line an error is reported as, for any exception: its own message for bad input, the type and message (or
     * the type alone) for anything else, never an empty or "null" line.
     */
    static String oneLine(Throwable ex) {
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (Java heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): give Halo more with HALO_JAVA_OPTS=-Xmx<size>, e.g. -Xmx16g";
        }
        if (ex instanceof MemoryBudget.Shortfall) return ex.getMessage() + ": give Halo more with HALO_JAVA_OPTS=-Xmx<size>, e.g. -Xmx16g";
        String m = ex.getMessage();
        boolean known = ex instanceof HaloException || ex instanceof IllegalArgumentException;
        String text = m == null || m.isBlank() ? ex.getClass().getSimpleName() : known ? m : ex.getClass().getSimpleName() + ": " + m;
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** A command line picocli could not parse: one line, and where to read the usage; an unknown option explains a missing required one. */
    private static int usageError(CommandLine.ParameterException ex, PrintWriter err) {
        List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
        String message = ex instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()
                ? "Unknown option" + (unmatched.size() == 1 ? "" : "s") + ": " + String.join(", ", unmatched) : ex.getMessage();
        err.println("halo: " + message);
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return BAD_USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Prefetch.start(args);
        CommandLine cl = withSubcommands(new CommandLine(new HaloCommand()), firstWord(args));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> BAD_INPUT);
        cl.setExecutionStrategy(parsed -> {
            OptionRanges.check(parsed);
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                try {
                    OutputPaths.check(parsed);
                } catch (HaloException e) {
                    err.println("halo: " + oneLine(e));
                    err.flush();
                    return BAD_INPUT;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler((ex, a) -> usageError(ex, err));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (parseResult.expandedArgs().contains("--debug")) ex.printStackTrace(err);
            err.println("halo: " + oneLine(ex));
            err.flush();
            return BAD_INPUT;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // What a size estimate did not foresee still ends in one line.
            err.println("halo: " + oneLine(e));
            err.flush();
            return BAD_INPUT;
        }
    }
}
