package dev.rebound.localjvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs recording and mapping archives of a small jar built here. */
class ClassDataSharingTest {
    @TempDir
    Path dir;
    Path jar;

    @BeforeEach
    void buildJar() throws Exception {
        Path src = dir.resolve("src/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                public class Hello {
                    public static void main(String[] args) {
                        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("a", "b"));
                        java.util.Collections.sort(names);
                        System.out.println("hello " + names);
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
        jar = dir.resolve("app/quarkus-app/run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
            out.closeEntry();
        }
    }

    @Test
    void theFirstStartRecordsAndTheNextOnesMapTheArchive() throws Exception {
        List<String> first = ClassDataSharing.flagsFor(jar);
        assertThat(first).anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(ClassDataSharing.flagsFor(jar)).as("one start records at a time").isEmpty();
        assertThat(run(first)).contains("hello [a, b]");

        List<String> next = ClassDataSharing.flagsFor(jar);
        Path archive = ClassDataSharing.archiveOf(jar);
        assertThat(next).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(archive).isRegularFile().isEqualTo(dir.resolve("app/class-data").resolve(archive.getFileName()));
        assertThat(filesIn(archive.getParent())).as("the recording was renamed, the claim released")
                .containsExactly(archive.getFileName().toString());

        List<String> mapped = new ArrayList<>(next);
        mapped.add("-Xlog:class+load=info:stdout");
        assertThat(run(mapped)).as("Hello comes from the archive").containsPattern("Hello source: shared objects file");
    }

    @Test
    void aRebuiltJarRecordsAFreshArchiveAndItsPredecessorGoes() throws Exception {
        run(ClassDataSharing.flagsFor(jar));
        ClassDataSharing.flagsFor(jar);
        Path old = ClassDataSharing.archiveOf(jar);
        assertThat(old).isRegularFile();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        List<String> rebuilt = ClassDataSharing.flagsFor(jar);
        assertThat(rebuilt).anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(ClassDataSharing.archiveOf(jar)).isNotEqualTo(old);
        assertThat(old).doesNotExist();
    }

    @Test
    void aDumpCutShortIsDiscardedAndRecordedAgain() throws Exception {
        List<String> first = ClassDataSharing.flagsFor(jar);
        Path recording = Path.of(first.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        // what a kill -9 in the middle of a dump leaves: regions written, the header still zeros
        try (OutputStream out = Files.newOutputStream(recording)) {
            out.write(new byte[4096]);
            out.write("regions".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ClassDataSharing.flagsFor(jar)).as("maybe still being written, and the claim is held").isEmpty();

        Instant longAgo = Instant.now().minus(ClassDataSharing.DUMP_TIME).minus(ClassDataSharing.CLAIM_EXPIRY)
                .minusSeconds(1);
        Files.setLastModifiedTime(recording, FileTime.from(longAgo));
        Files.setLastModifiedTime(ClassDataSharing.archiveOf(jar).resolveSibling(
                ClassDataSharing.archiveOf(jar).getFileName() + ".claim"), FileTime.from(longAgo));
        List<String> again = ClassDataSharing.flagsFor(jar);
        assertThat(again).anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(recording).doesNotExist();
        assertThat(ClassDataSharing.archiveOf(jar)).doesNotExist();
    }

    @Test
    void anArchiveTheJvmCannotUseOnlyCostsTheSpeedUp() throws Exception {
        Path archive = ClassDataSharing.archiveOf(jar);
        Files.createDirectories(archive.getParent());
        Files.write(archive, "not an archive, but its first bytes are not zero".repeat(100)
                .getBytes(StandardCharsets.UTF_8));
        List<String> flags = ClassDataSharing.flagsFor(jar);
        assertThat(flags).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(run(flags)).contains("hello [a, b]");
    }

    @Test
    void aJarThatCannotBeReadGetsNoFlagsRatherThanAFailedStart() {
        assertThat(ClassDataSharing.flagsFor(dir.resolve("app/quarkus-app/missing.jar"))).isEmpty();
    }

    private String run(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit of %s:%n%s", cmd, output).isZero();
        return output;
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
