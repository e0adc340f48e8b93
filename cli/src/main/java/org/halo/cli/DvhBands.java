package org.halo.cli;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.halo.clinical.miss.MissResult;
import org.halo.io.SafeFiles;

/**
 * The CTV's DVH over the scenarios, as {@code --dvh-bands} writes it: per regimen and margin, at each dose level
 * (% Rx), the nominal DVH (no error) and the 5, 25, 50, 75 and 95 % bands (volume %), as CSV rows and JSON arrays.
 */
final class DvhBands {
    private DvhBands() {}

    /** One regimen at one margin (null where the PTV was given as a mask): its nominal DVH and its bands. */
    record Row(String regimen, int fractions, Double marginMm, double[] nominalPct, MissResult.DvhBands bands) {}

    static SafeFiles.Content csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("regimen,fractions,margin_mm,dose_pct_rx,nominal_volume_pct");
        for (int p : MissResult.DvhBands.PERCENTILES) sb.append(",p").append(p).append("_volume_pct");
        sb.append('\n');
        for (Row r : rows) {
            double[] dose = r.bands().doseLevelsPctRx();
            for (int k = 0; k < dose.length; k++) {
                sb.append(r.regimen()).append(',').append(r.fractions()).append(',').append(r.marginMm() == null ? "" : Format.num(r.marginMm())).append(',')
                        .append(Format.num(dose[k])).append(',').append(String.format(Locale.ROOT, "%.4f", r.nominalPct()[k]));
                for (double[] band : r.bands().volumePct()) sb.append(String.format(Locale.ROOT, ",%.4f", band[k]));
                sb.append('\n');
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return out -> out.write(bytes);
    }

    static Map<String, Object> json(double[] nominalPct, MissResult.DvhBands bands) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dose_pct_rx", bands.doseLevelsPctRx());
        m.put("nominal_volume_pct", rounded(nominalPct));
        int[] p = bands.percentiles();
        for (int i = 0; i < p.length; i++) m.put("p" + p[i] + "_volume_pct", rounded(bands.volumePct()[i]));
        return m;
    }

    /** The bands at 95 % Rx in words: the nominal V95, the median and the 5–95 % band. */
    static String v95Text(double[] nominalPct, MissResult.DvhBands bands) {
        return String.format(Locale.ROOT, "V95 nominal %.1f %%, median %.1f %%, 5–95 %% band %.1f–%.1f %%", nominalPct[95], bands.volumePctAt(50, 95),
                bands.volumePctAt(5, 95), bands.volumePctAt(95, 95));
    }

    private static double[] rounded(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.round(v[i] * 1e4) / 1e4;
        return out;
    }
}
