package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Test;

/**
 * Every numeric option of every command, found in picocli's model, fed NaN, ±Infinity and a value outside its range:
 * each is a usage error (exit 2) whose first line names the option, before any file is opened. Also the usage
 * conventions: {@code halo} alone, unknown options, and every {@code --help} writing nothing to stderr.
 */
class HostileOptionsTest {
    /** Arguments that parse for each command (files need not exist: options are checked before anything is read). */
    static final Map<String, List<String>> BASE = new LinkedHashMap<>();

    static {
        BASE.put("expand", List.of("--in", "a.nii", "--out", "b.nii", "--margin-mm", "2"));
        BASE.put("shrink", List.of("--in", "a.nii", "--out", "b.nii", "--margin-mm", "2"));
        BASE.put("ring", List.of("--in", "a.nii", "--out", "b.nii", "--inner-mm", "1", "--outer-mm", "3"));
        BASE.put("distance", List.of("--in", "a.nii", "--out", "b.nii"));
        BASE.put("info", List.of("a.nii"));
        BASE.put("metrics", List.of("--ctv", "a.nii", "--ptv", "b.nii"));
        BASE.put("dvh", List.of("--structure", "a.nii", "--dose", "d.nii", "--out", "o.csv"));
        BASE.put("dicom list", List.of("x.dcm"));
        BASE.put("dicom convert", List.of("--out", "o.nii", "--ct", "ct"));
        BASE.put("dicom export", List.of("--reference", "ct", "--structure", "a.nii:X", "--out", "rs.dcm"));
        BASE.put("cohort index", List.of("dir", "--out", "m.csv"));
        BASE.put("cohort run", List.of("--manifest", "m.csv", "--out", "dir"));
        BASE.put("cohort export", List.of("dir"));
        BASE.put("cohort report", List.of("dir", "--out", "r.html"));
        BASE.put("cohort demo", List.of("dir"));
        BASE.put("devices", List.of());
        BASE.put("accuracy", List.of());
        BASE.put("guideline", List.of("--intent", "srs", "--immobilisation", "mask", "--igrt", "6dof"));
        BASE.put("miss", List.of("--ctv", "a.nii", "--fractions", "1", "--margin-mm", "1"));
        BASE.put("compare", List.of("--ctv", "a.nii"));
        BASE.put("explore", List.of("--ctv", "a.nii"));
        BASE.put("demo", List.of());
    }

    static CommandLine command(String name) {
        String[] words = name.split(" ");
        CommandLine cl = new CommandLine(HaloCommand.SUBCOMMANDS.get(words[0]));
        return words.length == 1 ? cl : cl.getSubcommands().get(words[1]);
    }

    /** The base arguments without {@code option} and its value, then {@code option value}. */
    static String[] with(String command, String option, String value) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        List<String> base = BASE.get(command);
        for (int i = 0; i < base.size(); i++) {
            if (base.get(i).equals(option)) {
                i++;
                continue;
            }
            args.add(base.get(i));
        }
        args.add(option);
        args.add(value);
        return args.toArray(String[]::new);
    }

    @Test
    void everyCommandHasBaseArgumentsThatParse() {
        for (String name : HaloCommand.SUBCOMMANDS.keySet()) {
            if (name.equals("help")) continue;
            CommandLine cl = command(name);
            if (cl.getSubcommands().isEmpty()) assertNotNull(BASE.get(name), name);
            for (String sub : cl.getSubcommands().keySet()) assertNotNull(BASE.get(name + " " + sub), name + " " + sub);
        }
    }

    @Test
    void everyNumericOptionIsFiniteAndInRangeOrAUsageError() {
        int checked = 0;
        for (String command : BASE.keySet()) {
            for (OptionSpec o : command(command).getCommandSpec().options()) {
                if (!OptionRanges.numeric(o)) continue;
                OptionRanges.Range range = OptionRanges.RANGES.get(o.longestName());
                assertNotNull(range, command + " " + o.longestName() + " has no declared range");
                boolean integral = !(o.type() == double.class || o.type() == Double.class || o.type() == double[].class
                        || (o.auxiliaryTypes().length > 0 && o.auxiliaryTypes()[0] == Double.class));
                List<String> bad = new ArrayList<>(List.of("NaN", "Infinity", "-Infinity"));
                if (range.min() > Long.MIN_VALUE) bad.add(integral ? Long.toString((long) range.outside()) : Double.toString(range.outside()));
                for (String value : bad) {
                    CliTest.Run r = CliTest.run(with(command, o.longestName(), value));
                    String what = "halo " + command + " " + o.longestName() + " " + value;
                    assertEquals(2, r.code(), what + ": " + r.err());
                    String[] lines = r.err().split("\n");
                    assertTrue(lines[0].startsWith("halo: ") && lines[0].contains(o.longestName()), what + ": " + r.err());
                    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what + ": " + r.err());
                    assertTrue(lines.length == 1 || (lines.length == 2 && lines[1].startsWith("Try 'halo")), what + ": " + r.err());
                    checked++;
                }
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }

    @Test
    void haloAloneIsAUsageError() {
        CliTest.Run r = CliTest.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Usage: halo"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownOptionIsNamedRatherThanTheRequiredOnesItHides() {
        CliTest.Run r = CliTest.run("miss", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("halo: Unknown option: --bogus"), r.err());
    }

    @Test
    void everyHelpWritesNothingToStderr() {
        // picocli's own warnings (an unescaped % in a description) go to System.err, not to the command's writer.
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(direct, true));
        try {
            for (String command : BASE.keySet()) {
                List<String> args = new ArrayList<>(List.of(command.split(" ")));
                args.add("--help");
                CliTest.Run r = CliTest.run(args.toArray(String[]::new));
                assertEquals(0, r.code(), command);
                assertEquals("", r.err(), "halo " + command + " --help");
                assertTrue(r.out().contains("Usage:"), command);
                assertEquals("", direct.toString(), "halo " + command + " --help");
            }
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void theErrorHandlerIsTotal() {
        assertEquals("NullPointerException", HaloCommand.oneLine(new NullPointerException()));
        assertEquals("IllegalStateException: x y", HaloCommand.oneLine(new IllegalStateException("x\ny")));
        assertTrue(HaloCommand.oneLine(new OutOfMemoryError("Java heap space")).contains("HALO_JAVA_OPTS"));
    }
}
