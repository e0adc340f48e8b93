package org.halo.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.halo.io.SafeFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Risk against margin per regimen, the risk target marked, and the PTV volume (the cost) on a second axis. */
final class ComparePlot {
    private ComparePlot() {}

    static SafeFiles.Content png(String metric, Map<String, List<double[]>> riskByRegimen, List<double[]> ptvCc, double targetRisk) {
        return PlotImages.png(image(metric, riskByRegimen, ptvCc, targetRisk));
    }

    /** The chart as an image (900 × 600 pixels). */
    static BufferedImage image(String metric, Map<String, List<double[]>> riskByRegimen, List<double[]> ptvCc, double targetRisk) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection risk = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> e : riskByRegimen.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (double[] xy : e.getValue()) s.add(xy[0], 100 * xy[1]);
            risk.addSeries(s);
        }
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
        plot.addRangeMarker(m);
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
        return chart.createBufferedImage(900, 600);
    }
}
