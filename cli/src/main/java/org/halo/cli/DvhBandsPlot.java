package org.halo.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.halo.clinical.miss.MissResult;
import org.halo.io.SafeFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * DVH bands as a PNG: dose (% Rx) across, volume (%) up; the 5–95 % and 25–75 % bands over the scenarios around their
 * median, the nominal DVH (no error) as a line, and the 95 % Rx / 95 % volume point marked.
 */
final class DvhBandsPlot {
    private DvhBandsPlot() {}

    /** The chart, with the coverage map's slices below it when there are some (null: none). */
    static SafeFiles.Content png(String title, double[] nominalPct, MissResult.DvhBands bands, BufferedImage slices) {
        return PlotImages.png(PlotImages.stack(image(title, nominalPct, bands, 900, 600), slices == null ? List.of() : List.of(slices), 1));
    }

    /** The chart alone, of the given size (pixels). */
    static BufferedImage image(String title, double[] nominalPct, MissResult.DvhBands bands, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        double[] dose = bands.doseLevelsPctRx();
        YIntervalSeries outer = new YIntervalSeries("5–95 % of scenarios"), inner = new YIntervalSeries("25–75 % of scenarios"),
                nominal = new YIntervalSeries("nominal (no error)");
        double[] p5 = bands.at(5), p25 = bands.at(25), p50 = bands.at(50), p75 = bands.at(75), p95 = bands.at(95);
        // From a little below where any band leaves 100 % to a little past where every one reaches 0.
        int first = dose.length - 1, last = 0;
        for (int k = 0; k < dose.length; k++) {
            if (p95[k] > 0 || nominalPct[k] > 0) last = k;
            if (first == dose.length - 1 && (p5[k] < 100 || nominalPct[k] < 100)) first = k;
        }
        for (int k = Math.max(0, Math.min(first, last) - 15); k <= Math.min(dose.length - 1, last + 5); k++) {
            outer.add(dose[k], p50[k], p5[k], p95[k]);
            inner.add(dose[k], p50[k], p25[k], p75[k]);
            nominal.add(dose[k], nominalPct[k], nominalPct[k], nominalPct[k]);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(outer);
        data.addSeries(inner);
        data.addSeries(nominal);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "Dose (% of prescription)", "CTV volume (%)", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart.getXYPlot());
        return chart.createBufferedImage(width, height);
    }

    /** Translucent bands, a dashed nominal line, the 95 % Rx / 95 % volume point circled in red. */
    private static void style(XYPlot plot) {
        DeviationRenderer r = new DeviationRenderer(true, false);
        Color blue = new Color(27, 108, 168);
        r.setSeriesFillPaint(0, new Color(27, 108, 168, 50));
        r.setSeriesFillPaint(1, new Color(27, 108, 168, 110));
        r.setSeriesFillPaint(2, new Color(0, 0, 0, 0));
        r.setSeriesPaint(0, blue);
        r.setSeriesPaint(1, blue);
        r.setSeriesPaint(2, Color.BLACK);
        r.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.getRangeAxis().setRange(0, 102);
        plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(93.5, 93.5, 3, 3), new BasicStroke(2f), new Color(200, 0, 0)));
    }
}
