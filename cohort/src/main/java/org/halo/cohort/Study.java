package org.halo.cohort;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.ErrorOverrides;
import org.halo.clinical.miss.Estimator;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.Platform;
import org.halo.clinical.miss.Precision;
import org.halo.clinical.miss.Regimen;
import org.halo.clinical.miss.TargetModel;

/**
 * A cohort's margin study: which ROIs are targets, the margins and regimens to compare, the error and dose models, the
 * Monte Carlo's size and seed, and the risk target. Built from string keys (a study file and the command line give the
 * same keys, docs/cohort.md "The study"); every key not given takes its default, and {@link #keys()} lists them all,
 * so that the stored study is the effective one. Two studies with equal keys have equal {@link #hash()}.
 */
public final class Study {
    /** ROI names (case-insensitive, found anywhere in the name) taken as targets when the study names none. */
    public static final String DEFAULT_TARGETS = "gtv|ctv";

    /** Every key with its default ("" where there is none); the order is that of {@link #keys()}. */
    static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> keys;
    private final Pattern targets;
    private final double[] marginsMm;
    private final List<Regimen> regimens;
    private final Platform platform;
    private final TargetKind target;
    private final ErrorOverrides errors;
    private final DoseModel dose;
    private final int scenarios;
    private final long seed;
    private final double targetRisk;
    private final MarginComparison.Metric metric;
    private final TargetModel targetModel;
    private final Estimator estimator;
    private final Precision precision;
    private final boolean subvoxel;
    private final boolean coverageMaps;
    private final double marginResolutionMm;

    private Study(Map<String, String> keys) {
        this.keys = keys;
        this.targets = pattern(keys.get("targets"));
        this.marginsMm = numbers("margins", keys.get("margins"));
        this.platform = keys.get("platform").isEmpty() ? null : token(Platform.class, keys, "platform");
        this.regimens = regimens(keys.get("regimens"), platform);
        this.target = token(TargetKind.class, keys, "target");
        this.errors = errorOverrides(keys);
        this.dose = doseModel(keys);
        this.scenarios = (int) integer("scenarios", keys.get("scenarios"), 100, 1_000_000);
        this.seed = integer("seed", keys.get("seed"), Long.MIN_VALUE, Long.MAX_VALUE);
        this.targetRisk = number("target-risk", keys.get("target-risk"));
        if (!(targetRisk > 0 && targetRisk < 1)) throw bad("target-risk", "study key 'target-risk' must be in (0, 1), got " + keys.get("target-risk"));
        this.metric = token(MarginComparison.Metric.class, keys, "risk-metric");
        this.targetModel = token(TargetModel.class, keys, "target-model");
        this.estimator = token(Estimator.class, keys, "estimator");
        this.precision = precision(keys.get("precision"));
        this.subvoxel = bool("subvoxel", keys.get("subvoxel"));
        this.coverageMaps = bool("coverage-maps", keys.get("coverage-maps"));
        this.marginResolutionMm = marginResolution(keys.get("margin-resolution"));
        number("beam-on-min", keys.get("beam-on-min"));
        checkMargins();
    }

    /**
     * The study of these keys (names as in docs/cohort.md; values as text, lists comma-separated); keys not given take
     * their defaults. Unknown keys and bad values are refused with a message naming the key.
     */
    public static Study of(Map<String, String> given) {
        Map<String, String> k = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!DEFAULTS.containsKey(key)) throw new IllegalArgumentException("unknown study key '" + e.getKey() + "'; known keys: " + String.join(", ", DEFAULTS.keySet()));
            k.put(key, e.getValue() == null ? "" : e.getValue().trim());
        }
        return new Study(k);
    }

    /** Every key of the effective study with its value, in a fixed order. */
    public Map<String, String> keys() {
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** SHA-256 (hex) of the effective keys: equal for equal studies, whatever file or flags gave them. */
    public String hash() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : keys.entrySet()) d.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The study {@link #json()} wrote (the runs table's {@code study_json}).
     *
     * @param json one flat JSON object of string values
     * @return the study
     */
    public static Study fromJson(String json) {
        Map<String, String> keys = new LinkedHashMap<>();
        String t = json.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) throw new IllegalArgumentException("a study is one JSON object");
        int i = 1;
        while (true) {
            i = skipSpaceAndComma(t, i);
            if (t.charAt(i) == '}') break;
            StringBuilder key = new StringBuilder(), value = new StringBuilder();
            i = jsonString(t, i, key);
            i = skipSpaceAndComma(t, i);
            if (t.charAt(i) != ':') throw new IllegalArgumentException("a study key without a value at character " + i);
            i = jsonString(t, skipSpaceAndComma(t, i + 1), value);
            keys.put(key.toString(), value.toString());
        }
        return of(keys);
    }

    private static int skipSpaceAndComma(String t, int i) {
        while (i < t.length() && (Character.isWhitespace(t.charAt(i)) || t.charAt(i) == ',')) i++;
        if (i >= t.length()) throw new IllegalArgumentException("the study's JSON ends early");
        return i;
    }

    /** Reads the string starting at {@code t[i]} (a quote) into {@code out}; returns the index after its closing quote. */
    private static int jsonString(String t, int i, StringBuilder out) {
        if (t.charAt(i) != '"') throw new IllegalArgumentException("a study value must be a string, at character " + i);
        for (i++; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\' && i + 1 < t.length()) c = t.charAt(++i);
            out.append(c);
        }
        throw new IllegalArgumentException("the study's JSON ends inside a string");
    }

    /** The study as one JSON object of its keys (all values as strings), for the runs table. */
    public String json() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : keys.entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append('"').append(e.getKey()).append("\": \"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    public boolean isTarget(String roiName) {
        return targets.matcher(roiName).find();
    }

    public double[] marginsMm() {
        return marginsMm.clone();
    }

    public List<Regimen> regimens() {
        return regimens;
    }

    public Platform platform() {
        return platform;
    }

    public TargetKind target() {
        return target;
    }

    public DoseModel dose() {
        return dose;
    }

    public int scenarios() {
        return scenarios;
    }

    public long seed() {
        return seed;
    }

    public double targetRisk() {
        return targetRisk;
    }

    public MarginComparison.Metric metric() {
        return metric;
    }

    public TargetModel targetModel() {
        return targetModel;
    }

    /** How scenarios are drawn and their outcomes enter the risks: {@code controlled} (the default), {@code quasi}, {@code conditional} or {@code plain}. */
    public Estimator estimator() {
        return estimator;
    }

    /** When a row stops adding scenarios ({@code scenarios} is then the maximum); null: every scenario. */
    public Precision precision() {
        return precision;
    }

    private static Precision precision(String text) {
        try {
            return Precision.parse(text, "study key 'precision'");
        } catch (IllegalArgumentException e) {
            throw bad("precision", e.getMessage());
        }
    }

    /** How finely each regimen's margin for the target risk is found between the listed margins (mm); 0: not at all. */
    public double marginResolutionMm() {
        return marginResolutionMm;
    }

    private static double marginResolution(String text) {
        double mm = number("margin-resolution", text);
        String problem = MarginComparison.resolutionProblem(mm);
        if (problem != null) throw bad("margin-resolution", "study key 'margin-resolution' " + problem);
        return mm;
    }

    /** Whether each target gets a coverage-probability map per regimen, at the regimen's margin for the target risk. */
    public boolean coverageMaps() {
        return coverageMaps;
    }

    /** Whether each margin's PTV volume is also computed on the smooth surface (as halo expand --subvoxel). */
    public boolean subvoxel() {
        return subvoxel;
    }

    public double beamOnMin() {
        return Double.parseDouble(keys.get("beam-on-min"));
    }

    /** Whether the planning MRI is distortion-corrected (null: not stated; the presets then assume it is). */
    public Boolean mriDistortionCorrected() {
        String v = keys.get("mri-distortion-corrected");
        return v.isEmpty() ? null : bool("mri-distortion-corrected", v);
    }

    /** The error model of a regimen: its platform's preset (or none) with the study's overrides. */
    public ErrorModel errorModel(Regimen r) {
        Boolean corrected = mriDistortionCorrected();
        return errors.apply(r.platform(), target, corrected == null || corrected, beamOnMin());
    }

    private void checkMargins() {
        for (int i = 0; i < marginsMm.length; i++) {
            if (!(marginsMm[i] >= 0 && marginsMm[i] <= 20)) throw bad("margins", "study key 'margins': each margin must be 0-20 mm, got " + marginsMm[i]);
            if (i > 0 && marginsMm[i] <= marginsMm[i - 1]) throw bad("margins", "study key 'margins' must increase, got " + Arrays.toString(marginsMm));
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("targets", DEFAULT_TARGETS);
        d.put("margins", "0,0.5,1,1.5,2");
        d.put("regimens", "srs:1,hsrt:3,hsrt:5");
        d.put("platform", "");
        d.put("target", "intact");
        d.put("beam-on-min", "15");
        d.put("mri-distortion-corrected", "");
        for (String k : List.of("systematic-mm", "registration-mm", "distortion-mm", "machine-mm", "machine-offset-mm", "random-mm", "rotation-deg",
                "systematic-rotation-deg", "intrafraction-mm", "gating-mm", "delineation-mm", "growth-mm", "substeps")) {
            d.put(k, "");
        }
        d.put("falloff", "exp");
        d.put("g50-mm", "");
        d.put("gi", "");
        d.put("penumbra-mm", "2");
        d.put("isodose", "0.8");
        d.put("sharp-edge", "false");
        d.put("scenarios", "2000");
        d.put("seed", "20261126");
        d.put("target-risk", "0.05");
        d.put("risk-metric", "p_miss_d95");
        d.put("target-model", "smooth");
        d.put("estimator", Estimator.DEFAULT.token());
        d.put("precision", "auto");
        d.put("subvoxel", "false");
        d.put("coverage-maps", "false");
        d.put("margin-resolution", "0");
        return d;
    }

    private static ErrorOverrides errorOverrides(Map<String, String> k) {
        return new ErrorOverrides(vector(k, "systematic-mm"), opt(k, "registration-mm"), opt(k, "distortion-mm"), opt(k, "machine-mm"),
                vector(k, "machine-offset-mm"), vector(k, "random-mm"), opt(k, "rotation-deg"), opt(k, "systematic-rotation-deg"),
                opt(k, "intrafraction-mm"), opt(k, "gating-mm"), opt(k, "delineation-mm"), opt(k, "growth-mm"),
                k.get("substeps").isEmpty() ? null : (int) integer("substeps", k.get("substeps"), 1, 1000));
    }

    /**
     * A refusal of one key's value, naming the key, so that a caller who took the key from elsewhere (a command-line
     * flag of the same name) can name that instead.
     */
    public static final class BadKey extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        BadKey(String key, String message, Throwable cause) {
            super(message, cause);
            this.key = key;
        }

        /** @return the key whose value was refused */
        public String key() {
            return key;
        }
    }

    private static BadKey bad(String key, String message) {
        return new BadKey(key, message, null);
    }

    private static BadKey bad(String key, String message, Throwable cause) {
        return new BadKey(key, message, cause);
    }

    private static <E extends Enum<E> & Token> E token(Class<E> type, Map<String, String> keys, String key) {
        try {
            return Token.parse(type, keys.get(key), "study key '" + key + "'");
        } catch (IllegalArgumentException e) {
            throw new BadKey(key, e.getMessage(), e);
        }
    }

    /** @return the name of every study key, in their fixed order */
    public static List<String> keyNames() {
        return List.copyOf(DEFAULTS.keySet());
    }

    private static DoseModel doseModel(Map<String, String> k) {
        if (bool("sharp-edge", k.get("sharp-edge"))) return new DoseModel.SharpEdge();
        return switch (k.get("falloff")) {
            case "exp" -> new DoseModel.Exponential(opt(k, "g50-mm"), opt(k, "gi"));
            case "erf" -> new DoseModel.ErfEdge(number("penumbra-mm", k.get("penumbra-mm")), number("isodose", k.get("isodose")));
            default -> throw bad("falloff", "study key 'falloff' must be exp or erf, got '" + k.get("falloff") + "'");
        };
    }

    private static List<Regimen> regimens(String text, Platform platform) {
        List<Regimen> out = new ArrayList<>();
        for (String r : text.split(",")) {
            if (r.isBlank()) continue;
            try {
                Regimen g = Regimen.parse(r.trim(), platform);
                if (g.platform() == null) throw new IllegalArgumentException("regimen '" + r.trim() + "' has no platform: set the study's platform or write KIND:N@PLATFORM");
                out.add(g);
            } catch (IllegalArgumentException e) {
                throw bad("regimens", "study key 'regimens': " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) throw bad("regimens", "study key 'regimens' names no regimen");
        return List.copyOf(out);
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw bad("targets", "study key 'targets' is not a regular expression: " + e.getDescription());
        }
    }

    private static double[] numbers(String key, String text) {
        String[] parts = text.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) v[i] = number(key, parts[i]);
        if (v.length == 0) throw bad(key, "study key '" + key + "' is empty");
        return v;
    }

    private static double[] vector(Map<String, String> k, String key) {
        String t = k.get(key);
        if (t.isEmpty()) return null;
        double[] v = numbers(key, t);
        if (v.length != 1 && v.length != 3) throw bad(key, "study key '" + key + "' takes one value or three (x,y,z), got " + v.length);
        return v;
    }

    private static Double opt(Map<String, String> k, String key) {
        String t = k.get(key);
        return t.isEmpty() ? null : number(key, t);
    }

    private static double number(String key, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v) || v < 0 && !key.equals("machine-offset-mm")) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, "study key '" + key + "' needs a finite number" + (key.equals("machine-offset-mm") ? "" : " ≥ 0")
                    + ", got '" + text.trim() + "'");
        }
    }

    private static long integer(String key, String text, long min, long max) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, "study key '" + key + "' needs a whole number" + (min == Long.MIN_VALUE ? "" : " from " + min + " to " + max)
                    + ", got '" + text.trim() + "'");
        }
    }

    private static boolean bool(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw bad(key, "study key '" + key + "' is true or false, got '" + text + "'");
        };
    }
}
