package org.halo.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.halo.io.SafeFiles;

/** Charts put together into one picture, and a picture as a PNG to write. */
final class PlotImages {
    private PlotImages() {}

    /** The first image with the others below it, side by side in rows of {@code columns}, on white. */
    static BufferedImage stack(BufferedImage top, List<BufferedImage> below, int columns) {
        if (below.isEmpty()) return top;
        int cellW = below.stream().mapToInt(BufferedImage::getWidth).max().orElse(0), cellH = below.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
        int rows = (below.size() + columns - 1) / columns;
        BufferedImage all = new BufferedImage(Math.max(top.getWidth(), Math.min(below.size(), columns) * cellW), top.getHeight() + rows * cellH,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        g.drawImage(top, 0, 0, null);
        for (int i = 0; i < below.size(); i++) g.drawImage(below.get(i), (i % columns) * cellW, top.getHeight() + (i / columns) * cellH, null);
        g.dispose();
        return all;
    }

    static SafeFiles.Content png(BufferedImage image) {
        return out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer");
        };
    }
}
