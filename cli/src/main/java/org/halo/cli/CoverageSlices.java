package org.halo.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * Three orthogonal slices of a coverage map through one voxel (axial, coronal, sagittal), the probability from white
 * (0) through yellow to dark red (1), with the CTV's outline in blue and the PTV's in green, each slice drawn to scale.
 */
final class CoverageSlices {
    private static final int PANEL = 290, GAP = 10, TOP = 30;

    private CoverageSlices() {}

    /** The three panels side by side, one image of the given width. */
    static BufferedImage draw(Volume map, Mask ctv, Mask ptv, int[] at, int width) {
        BufferedImage img = new BufferedImage(width, PANEL + TOP + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("P(under-dosed | in the true CTV) through the CTV's highest voxel; CTV blue, PTV green", GAP, 20);
        String[] names = {"axial (k " + at[2] + ")", "coronal (j " + at[1] + ")", "sagittal (i " + at[0] + ")"};
        int[][] axes = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}}; // across, up, through
        for (int s = 0; s < 3; s++) panel(g, map, ctv, ptv, at, axes[s], GAP + s * (PANEL + GAP), TOP, names[s]);
        legend(g, GAP, TOP + PANEL + 12);
        g.dispose();
        return img;
    }

    private static void panel(Graphics2D g, Volume map, Mask ctv, Mask ptv, int[] at, int[] axes, int x0, int y0, String name) {
        Grid grid = map.grid();
        int nu = grid.size(axes[0]), nv = grid.size(axes[1]);
        double su = grid.spacingMm(axes[0]), sv = grid.spacingMm(axes[1]);
        double scale = Math.min(PANEL / (nu * su), PANEL / (nv * sv));
        Volume.Values values = map.values();
        int[] ijk = at.clone();
        // The colours first, then the outlines over them (the PTV's, then the CTV's where the two coincide).
        for (int pass = 0; pass < 3; pass++) {
            for (int u = 0; u < nu; u++) {
                for (int v = 0; v < nv; v++) {
                    ijk[axes[0]] = u;
                    ijk[axes[1]] = v;
                    int i = grid.index(ijk[0], ijk[1], ijk[2]);
                    int px = x0 + (int) Math.floor(u * su * scale), py = y0 + PANEL - (int) Math.floor((v + 1) * sv * scale);
                    int w = Math.max(1, (int) Math.ceil(su * scale)), h = Math.max(1, (int) Math.ceil(sv * scale));
                    if (pass == 0) {
                        g.setColor(colour(values.at(i)));
                        g.fillRect(px, py, w, h);
                    } else {
                        outline(g, pass == 1 ? ptv : ctv, grid, ijk, axes, i, px, py, w, h, pass == 1 ? new Color(0, 150, 60) : new Color(30, 90, 200));
                    }
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0, y0, PANEL, PANEL);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(name, x0 + 4, y0 + PANEL - 4);
    }

    /** Marks the voxel's sides where the mask ends (inside here, outside beyond). */
    private static void outline(Graphics2D g, Mask m, Grid grid, int[] ijk, int[] axes, int i, int px, int py, int w, int h, Color c) {
        if (m.voxels()[i] == 0) return;
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        for (int[] st : steps) {
            int[] n = ijk.clone();
            n[axes[0]] += st[0];
            n[axes[1]] += st[1];
            boolean outside = n[axes[0]] < 0 || n[axes[1]] < 0 || n[axes[0]] >= grid.size(axes[0]) || n[axes[1]] >= grid.size(axes[1])
                    || m.voxels()[grid.index(n[0], n[1], n[2])] == 0;
            if (!outside) continue;
            if (st[0] == 1) g.drawLine(px + w, py, px + w, py + h);
            if (st[0] == -1) g.drawLine(px, py, px, py + h);
            if (st[1] == 1) g.drawLine(px, py, px + w, py);
            if (st[1] == -1) g.drawLine(px, py + h, px + w, py + h);
        }
    }

    private static void legend(Graphics2D g, int x, int y) {
        for (int k = 0; k <= 100; k++) {
            g.setColor(colour(k / 100.0));
            g.fillRect(x + 2 * k, y, 2, 12);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double p : new double[] {0, 0.5, 1}) g.drawString(String.format(Locale.ROOT, "%.1f", p), x + (int) (200 * p) - 6, y + 26);
    }

    /** White at 0, yellow at 0.25, orange, red at 0.75, dark red at 1. */
    static Color colour(double p) {
        double t = Math.max(0, Math.min(1, p));
        float[][] stops = {{255, 255, 255}, {255, 230, 80}, {250, 140, 30}, {215, 35, 30}, {110, 0, 10}};
        double f = t * (stops.length - 1);
        int a = Math.min(stops.length - 2, (int) f);
        double r = f - a;
        return new Color((int) (stops[a][0] + r * (stops[a + 1][0] - stops[a][0])), (int) (stops[a][1] + r * (stops[a + 1][1] - stops[a][1])),
                (int) (stops[a][2] + r * (stops[a + 1][2] - stops[a][2])));
    }
}
