package org.halo;

import java.nio.file.Path;

/**
 * A problem with the user's input that Halo can explain in one line: which file (if any) and what is wrong.
 * The CLI catches it once, prints {@link #getMessage()} and exits 1.
 *
 * <p>Bad input is one family: every refusal is an {@link IllegalArgumentException}, and this subclass is the one that
 * names a file (or carries facts, as its own subclasses do). A program catches {@code IllegalArgumentException} for
 * all of it; anything else escaping the library is a bug, not bad input.
 */
public class HaloException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the one-line problem, naming its file where there is one */
    public HaloException(String message) {
        super(message);
    }

    /**
     * @param message the one-line problem, naming its file where there is one
     * @param cause what went wrong underneath
     */
    public HaloException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param file the file the problem is in
     * @param problem what is wrong with it, in words
     * @return the refusal, its message "file: problem"
     */
    public static HaloException inFile(Path file, String problem) {
        return new HaloException(file + ": " + problem);
    }

    /**
     * @param file the file the problem is in
     * @param problem what is wrong with it, in words
     * @param cause what went wrong underneath
     * @return the refusal, its message "file: problem"
     */
    public static HaloException inFile(Path file, String problem, Throwable cause) {
        return new HaloException(file + ": " + problem, cause);
    }
}
