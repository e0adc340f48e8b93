package org.halo.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.halo.io.SafeFiles;
import org.halo.metrics.DoseVolumeHistogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Cumulative DVHs as a PNG: dose in Gy across, volume in % up, one line per structure, the prescription marked. */
final class DvhPlot {
    private DvhPlot() {}

    static SafeFiles.Content png(List<DoseVolumeHistogram> dvhs, Double rxGy) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        double maxDose = 0;
        for (DoseVolumeHistogram d : dvhs) maxDose = Math.max(maxDose, d.maxGy());
        int steps = 400;
        for (DoseVolumeHistogram d : dvhs) {
            XYSeries s = new XYSeries(d.name() + String.format(Locale.ROOT, " (%.2f cc)", d.volumeCc()));
            for (int i = 0; i <= steps; i++) {
                double gy = maxDose * 1.05 * i / steps;
                s.add(gy, d.volumeAtLeastPct(gy));
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Cumulative dose-volume histogram", "Dose (Gy)", "Volume (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setRange(0, 105);
        for (int i = 0; i < dvhs.size(); i++) plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        if (rxGy != null) {
            ValueMarker m = new ValueMarker(rxGy);
            m.setPaint(Color.DARK_GRAY);
            m.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            m.setLabel(String.format(Locale.ROOT, "Rx %.2f Gy", rxGy));
            plot.addDomainMarker(m);
        }
        BufferedImage image = chart.createBufferedImage(900, 600);
        return out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer");
        };
    }
}
