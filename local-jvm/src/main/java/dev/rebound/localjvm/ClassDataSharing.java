package dev.rebound.localjvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Class-data sharing for the packaged services this machine starts (the local mesh, the tests' separate processes).
 * The first start of a jar records the classes it loaded into an archive when it exits
 * ({@code -XX:ArchiveClassesAtExit}); later starts map that archive ({@code -XX:SharedArchiveFile}) instead of
 * reading, parsing and verifying those classes again. That is about a quarter of a Quarkus service's start-up, and
 * starting a mesh on a laptop's cores is mostly start-ups competing for them.
 *
 * <p>Archives sit in {@code class-data/} beside the jar's directory ({@code target/class-data} for a Quarkus
 * {@code target/quarkus-app/quarkus-run.jar}), named after the jar's path, size and modification time: a rebuilt jar
 * records a fresh archive and its predecessor is deleted. A start that records dumps into a file of its own; the next
 * start renames a finished dump (the JVM writes the header last) to the archive, so no JVM maps a file being
 * written. One start records at a time (a claim file, taken over after {@link #CLAIM_EXPIRY}); a start that finds
 * neither an archive nor the claim free runs without sharing. A dump happens only on a normal exit (SIGTERM
 * included), never after kill -9. An archive the JVM cannot use costs only the speed-up: it validates the archive
 * and runs without sharing ({@code -Xshare:auto}, its default).
 */
public final class ClassDataSharing {
    /**
     * How long a start that records holds off the others. Only a throttle: a recorder killed before it dumped holds
     * nothing longer, and two recorders never share a file.
     */
    static final Duration CLAIM_EXPIRY = Duration.ofMinutes(2);
    private static final String RECORDING = ".recording";
    /** Longer than any dump takes: an archive still without its header after this was cut short. */
    static final Duration DUMP_TIME = Duration.ofMinutes(2);
    /** The JVM's notes on archive contents (one per class it cannot archive) would flood a service's log. */
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    private ClassDataSharing() {
    }

    /** The JVM flags for a start of {@code jar}: map its archive, record one, or nothing while another records. */
    public static List<String> flagsFor(Path jar) {
        Path absolute = jar.toAbsolutePath().normalize();
        return flagsFor(absolute, List.of(), besideJarDirectory(absolute));
    }

    /**
     * The same for a jar started with other jars on its class path (an archive is valid only with the class path
     * it was recorded with: those jars are part of its name), keeping the archives in {@code archiveDir}: for a jar
     * in a directory that is not this project's to write in.
     */
    public static List<String> flagsFor(Path jar, List<Path> alsoOnClassPath, Path archiveDir) {
        try {
            Path archive = archiveOf(jar, alsoOnClassPath, archiveDir);
            if (Files.isRegularFile(archive) || promoteFinishedRecording(archive)) {
                return List.of("-XX:SharedArchiveFile=" + archive, QUIET);
            }
            if (!claim(claimOf(archive))) {
                return List.of();
            }
            deletePredecessors(archive);
            Path recording = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + System.nanoTime() + RECORDING);
            return List.of("-XX:ArchiveClassesAtExit=" + recording, QUIET);
        } catch (IOException | UncheckedIOException e) {
            // sharing is only an optimisation: a start never fails for it (a missing jar fails on its own)
            return List.of();
        }
    }

    /**
     * A recording whose dump finished becomes the archive (a rename: a JVM that maps the file never sees it half
     * written); one left without its header for longer than a dump takes was cut short and goes.
     */
    private static boolean promoteFinishedRecording(Path archive) throws IOException {
        Path dir = archive.getParent();
        if (!Files.isDirectory(dir)) {
            return false;
        }
        boolean promoted = false;
        try (DirectoryStream<Path> recordings = Files.newDirectoryStream(dir,
                archive.getFileName() + ".*" + RECORDING)) {
            for (Path recording : recordings) {
                if (!promoted && headerWritten(recording)) {
                    Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
                    Files.deleteIfExists(claimOf(archive));
                    promoted = true;
                } else if (promoted || olderThan(recording, DUMP_TIME)) {
                    Files.deleteIfExists(recording);
                }
            }
        }
        return promoted;
    }

    private static boolean olderThan(Path file, Duration age) throws IOException {
        return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).compareTo(age) > 0;
    }

    /** Whether the dump finished: the JVM writes the header, which starts with a non-zero magic number, last. */
    static boolean headerWritten(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && (magic[0] | magic[1] | magic[2] | magic[3]) != 0;
        }
    }

    /** Where the archive of this build of {@code jar} is (or will be). */
    static Path archiveOf(Path jar) {
        Path absolute = jar.toAbsolutePath().normalize();
        return archiveOf(absolute, List.of(), besideJarDirectory(absolute));
    }

    static Path archiveOf(Path jar, List<Path> alsoOnClassPath, Path archiveDir) {
        Path absolute = jar.toAbsolutePath().normalize();
        StringBuilder build = new StringBuilder();
        for (Path entry : concat(absolute, alsoOnClassPath)) {
            Path file = entry.toAbsolutePath().normalize();
            try {
                build.append(file).append('|').append(Files.size(file)).append('|')
                        .append(Files.getLastModifiedTime(file).toMillis()).append(';');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return archiveDir.resolve(stem(absolute) + "-" + digest(absolute.toString()) + "-" + digest(build.toString())
                + ".jsa");
    }

    private static List<Path> concat(Path first, List<Path> rest) {
        List<Path> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static Path besideJarDirectory(Path absoluteJar) {
        Path jarDir = absoluteJar.getParent();
        Path parent = jarDir.getParent();
        return (parent != null ? parent : jarDir).resolve("class-data");
    }

    private static String stem(Path jar) {
        String name = jar.getFileName().toString();
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }

    private static Path claimOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".claim");
    }

    private static boolean claim(Path claim) throws IOException {
        Files.createDirectories(claim.getParent());
        try {
            Files.createFile(claim);
            return true;
        } catch (FileAlreadyExistsException taken) {
            if (!olderThan(claim, CLAIM_EXPIRY)) {
                return false;
            }
            Files.deleteIfExists(claim);
            try {
                Files.createFile(claim);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
    }

    /** Archives and claims of earlier builds of the same jar path. */
    private static void deletePredecessors(Path archive) throws IOException {
        String name = archive.getFileName().toString();
        String samePath = name.substring(0, name.lastIndexOf('-') + 1);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(archive.getParent(), samePath + "*")) {
            for (Path sibling : siblings) {
                String other = sibling.getFileName().toString();
                if (!other.startsWith(name)) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
