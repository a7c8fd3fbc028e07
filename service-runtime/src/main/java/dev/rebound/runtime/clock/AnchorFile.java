package dev.rebound.runtime.clock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The file through which a local replay's launcher announces the clock anchor ({@code rebound.clock.anchor-file}) to
 * processes already running: written once, atomically, when every process is ready; read until it appears.
 */
public final class AnchorFile implements Supplier<Optional<Instant>> {
    private final Path path;

    public AnchorFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The announced anchor, or empty while there is none. A file that is not one instant is a launcher bug. */
    @Override
    public Optional<Instant> get() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException notYet) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the clock anchor file " + path, e);
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the clock anchor file " + path + " holds no instant: '" + text + "'", e);
        }
    }

    /** Announces {@code anchor}: written beside and moved into place, so no reader sees half a line. */
    public void announce(Instant anchor) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(tmp, anchor.toString() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notOnThisFileSystem) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the clock anchor file " + path, e);
        }
    }

    /** Withdraws an earlier run's anchor, so processes started for the next one wait for theirs. */
    public void clear() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the clock anchor file " + path, e);
        }
    }
}
