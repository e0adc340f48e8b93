package org.halo.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long work on stderr: on a terminal one line redrawn in place (done/total, rate, ETA, failures); otherwise
 * a plain line at most every few seconds, so that logs stay readable.
 */
final class ProgressLine {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private final PrintWriter err;
    private final String what;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPlain;
    private boolean drawn;

    ProgressLine(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    synchronized void update(int rowsDone, int rows, int targetsDone, int failed, String last) {
        double s = (System.nanoTime() - start) / 1e9;
        double rate = rowsDone / Math.max(s, 1e-9);
        String eta = rowsDone == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", (rows - rowsDone) / rate);
        String line = String.format(Locale.ROOT, "%s: %d/%d rows, %d targets done, %d failed, %.2f rows/s, ETA %s — %s", what, rowsDone, rows,
                targetsDone, failed, rate, eta, last);
        if (terminal) {
            err.print("\r\033[2K" + line);
            drawn = true;
        } else {
            long now = System.nanoTime();
            if (now - lastPlain < PLAIN_EVERY_NANOS && rowsDone < rows) return;
            lastPlain = now;
            err.println(line);
        }
        err.flush();
    }

    synchronized void finish() {
        if (drawn) err.println();
        err.flush();
    }
}
