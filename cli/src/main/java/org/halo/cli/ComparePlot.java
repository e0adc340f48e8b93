package org.halo.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.halo.clinical.miss.CriticalMargin;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Risk against margin per regimen, the risk target marked, and the PTV volume (the cost) on a second axis. */
final class ComparePlot {
    private ComparePlot() {}

    /**
     * The chart as an image (900 × 600 pixels); each regimen's margin for the target risk, where found, as a line in its
     * colour over its 95 % interval, shaded.
     */
    static BufferedImage image(String metric, Map<String, List<double[]>> riskByRegimen, List<double[]> ptvCc, double targetRisk,
                               Map<String, CriticalMargin> critical) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection risk = riskSeries(riskByRegimen, critical);
        JFreeChart chart = ChartFactory.createXYLineChart("Geographic-miss risk against CTV→PTV margin", "Margin (mm)", metric + " (%)", risk,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < riskByRegimen.size(); i++) r.setSeriesStroke(i, new BasicStroke(2f));
        plot.setRenderer(0, r);
        ValueMarker m = new ValueMarker(100 * targetRisk);
        m.setPaint(Color.RED);
        m.setLabel(String.format(Locale.ROOT, "target %.1f %%", 100 * targetRisk));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(m);
        addVolume(plot, ptvCc);
        int i = 0;
        for (String regimen : riskByRegimen.keySet()) markCriticalMargin(plot, critical.get(regimen), r.lookupSeriesPaint(i++));
        return chart.createBufferedImage(900, 600);
    }

    /** Risk (%) against margin per regimen; a regimen's margin for the target risk, where found, in its legend. */
    private static XYSeriesCollection riskSeries(Map<String, List<double[]>> riskByRegimen, Map<String, CriticalMargin> critical) {
        XYSeriesCollection risk = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> e : riskByRegimen.entrySet()) {
            CriticalMargin c = critical.get(e.getKey());
            XYSeries s = new XYSeries(c == null || c.marginMm() == null ? e.getKey() : String.format(Locale.ROOT, "%s: target risk at %s%.2f mm%s", e.getKey(),
                    c.atMost(c.marginMm()) ? "≤ " : "", c.marginMm(), c.lowMm() == null || c.highMm() == null ? "" : String.format(Locale.ROOT, " (%.2f–%.2f)", c.lowMm(), c.highMm())));
            for (double[] xy : e.getValue()) s.add(xy[0], 100 * xy[1]);
            risk.addSeries(s);
        }
        return risk;
    }

    /** The PTV volume (the cost) on a second axis, dashed grey. */
    private static void addVolume(XYPlot plot, List<double[]> ptvCc) {
        XYSeries v = new XYSeries("PTV volume (cc, right axis)");
        for (double[] xy : ptvCc) v.add(xy[0], xy[1]);
        plot.setDataset(1, new XYSeriesCollection(v));
        NumberAxis volumeAxis = new NumberAxis("PTV volume (cc)");
        volumeAxis.setAutoRangeIncludesZero(false);
        plot.setRangeAxis(1, volumeAxis);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer vr = new XYLineAndShapeRenderer(true, false);
        vr.setSeriesPaint(0, Color.GRAY);
        vr.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        plot.setRenderer(1, vr);
    }

    /** The margin as a line in the regimen's colour over its interval, shaded (the value is in the legend). */
    private static void markCriticalMargin(XYPlot plot, CriticalMargin c, Paint paint) {
        if (c == null || c.marginMm() == null) return;
        Color colour = paint instanceof Color p ? p : Color.DARK_GRAY;
        if (c.lowMm() != null && c.highMm() != null && c.highMm() > c.lowMm()) {
            IntervalMarker interval = new IntervalMarker(c.lowMm(), c.highMm());
            interval.setPaint(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 40));
            plot.addDomainMarker(interval, Layer.BACKGROUND);
        }
        ValueMarker at = new ValueMarker(c.marginMm());
        at.setPaint(colour);
        at.setStroke(new BasicStroke(1.5f));
        plot.addDomainMarker(at);
    }
}
