package org.halo.cli;

import java.io.PrintWriter;
import org.halo.HaloException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code halo} command: exact margins, distances and image facts for radiotherapy structures. */
@Command(name = "halo", mixinStandardHelpOptions = true, version = "halo 0.1.0",
        description = "Exact Euclidean CTV→PTV margins in millimetres, distance maps and image geometry.",
        subcommands = {ExpandCommand.class, ShrinkCommand.class, RingCommand.class, DistanceCommand.class,
            InfoCommand.class, MetricsCommand.class, DvhCommand.class, DicomCommand.class, DevicesCommand.class, AccuracyCommand.class, GuidelineCommand.class, MissCommand.class, CompareCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class HaloCommand implements Runnable {
    /** Exit code for bad input (unreadable file, impossible margin, ...). */
    static final int BAD_INPUT = 1;
    /** Exit code for bad usage (unknown option, missing argument). */
    static final int BAD_USAGE = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HaloCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> BAD_INPUT);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("halo: " + ex.getMessage());
            err.println("Try 'halo " + (ex.getCommandLine().getCommandName().equals("halo") ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help' for usage.");
            err.flush();
            return BAD_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.expandedArgs().contains("--debug");
            if (debug) ex.printStackTrace(err);
            String msg = ex instanceof HaloException || ex instanceof IllegalArgumentException
                    ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            err.println("halo: " + msg.replace('\n', ' '));
            err.flush();
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
