package org.halo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.halo.HaloException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every output a command will write, checked before any work starts: its folder exists, it is not an input of the same
 * command, and an existing output is a regular file (or a link to one, which is then written through). A command that
 * would fail to write at the end therefore fails at the start, with nothing computed and nothing written.
 */
final class OutputPaths {
    /** Options whose value is a file or folder the command writes. */
    static final Set<String> OUTPUTS = Set.of("--out", "--csv", "--plot", "--dvh-bands", "--coverage-map");
    /** Folders a command writes into (they must exist). */
    static final Set<String> OUTPUT_FOLDERS = Set.of("--out-dir");

    private OutputPaths() {}

    static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            List<Path> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            for (ArgSpec a : p.matchedArgs()) {
                String name = a instanceof OptionSpec o ? o.longestName() : "";
                for (Path path : paths(a.getValue())) {
                    if (OUTPUTS.contains(name) && a.paramLabel().equals("DIR")) created(path, name);
                    else if (OUTPUTS.contains(name)) outputs.add(path);
                    else if (OUTPUT_FOLDERS.contains(name)) folder(path, name);
                    else inputs.add(path);
                }
            }
            for (Path out : outputs) output(out, inputs, outputs);
        }
    }

    private static List<Path> paths(Object value) {
        List<Path> out = new ArrayList<>();
        if (value instanceof Path path) out.add(path);
        else if (value instanceof Iterable<?> many) for (Object o : many) if (o instanceof Path path) out.add(path);
        return out;
    }

    /** A results folder the command creates (labelled DIR): it may exist, as a folder. */
    private static void created(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw HaloException.inFile(dir, option + " names a file, not a folder");
    }

    private static void folder(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw HaloException.inFile(dir, option + " names a file, not a folder");
    }

    private static void output(Path out, List<Path> inputs, List<Path> outputs) {
        Path target = linkTarget(out);
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw HaloException.inFile(out, "output folder " + parent + " does not exist");
        if (Files.exists(target)) {
            if (!Files.isRegularFile(out)) throw HaloException.inFile(out, "exists and is not a regular file; Halo writes only files");
            if (!Files.isWritable(out)) throw HaloException.inFile(out, "exists and cannot be written");
        }
        for (Path in : inputs) {
            if (same(in, out)) throw HaloException.inFile(out, "is also an input of this command; write the result to another file");
        }
        int times = 0;
        for (Path other : outputs) if (same(other, out)) times++;
        if (times > 1) throw HaloException.inFile(out, "is named as two outputs of this command");
    }

    /** Where a write to {@code out} lands: the file a symbolic link points to (even one not yet created), or {@code out}. */
    private static Path linkTarget(Path out) {
        Path t = out;
        try {
            for (int hops = 0; hops < 40 && Files.isSymbolicLink(t); hops++) {
                Path parent = t.toAbsolutePath().getParent();
                Path link = Files.readSymbolicLink(t);
                t = parent == null ? link : parent.resolve(link);
            }
        } catch (IOException e) {
            return out;
        }
        return t;
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // fall through to the path comparison
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
