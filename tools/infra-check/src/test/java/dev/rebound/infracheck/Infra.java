package dev.rebound.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.events.catalog.TopicCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the real infra/ and deploy/ are, the fixtures, and copies of infra/ that a test may break. */
final class Infra {

    private static TerraformModel real;

    private Infra() {
    }

    static Path infraDir() {
        return Path.of(HclParser.requiredProperty("rebound.infra.dir")).toAbsolutePath().normalize();
    }

    static Path deployDir() {
        return Path.of(HclParser.requiredProperty("rebound.deploy.dir")).toAbsolutePath().normalize();
    }

    /** The real infra/, parsed once for the whole run. */
    static synchronized TerraformModel real() {
        if (real == null) {
            real = HclParser.fromSystemProperty().parse(infraDir());
        }
        return real;
    }

    static TerraformModel parse(Path root) {
        return HclParser.fromSystemProperty().parse(root);
    }

    static InfraInvariants invariants(TerraformModel model) {
        return new InfraInvariants(model, TopicCatalog.load(), SchedulerJobs.load());
    }

    static Path fixture(String name) {
        try {
            return Path.of(Infra.class.getClassLoader().getResource("fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of infra/ under {@code dir}, so a test can break one thing and parse the result. */
    static Path copyOfInfra(Path dir) {
        Path target = dir.resolve("infra");
        Path source = infraDir();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A copy of deploy/'s manifests and sidecar configuration under {@code dir}, so a test can break one thing. */
    static Path copyOfDeploy(Path dir) {
        try {
            Path target = Files.createDirectories(dir.resolve("deploy"));
            try (Stream<Path> files = Files.list(deployDir())) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(CloudRunManifests.SUFFIX) || name.equals(CloudRunManifests.CONFIG_FILE)) {
                        Files.copy(f, target.resolve(name));
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository the checked infra/ and deploy/ belong to (services' and the runtime's configuration). */
    static Path repositoryRoot() {
        return infraDir().getParent();
    }

    /** Replaces the one occurrence of {@code find} in a file: a break that matched nothing would prove nothing. */
    static void edit(Path file, String find, String replacement) {
        try {
            String text = Files.readString(file);
            int first = text.indexOf(find);
            assertThat(first).as("'%s' in %s", find, file).isNotNegative();
            assertThat(text.indexOf(find, first + 1)).as("'%s' occurs once in %s", find, file).isNegative();
            Files.writeString(file, text.substring(0, first) + replacement + text.substring(first + find.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the single line containing {@code marker}. */
    static void removeLine(Path file, String marker) {
        try {
            String text = Files.readString(file);
            int at = text.indexOf(marker);
            assertThat(at).as("'%s' in %s", marker, file).isNotNegative();
            assertThat(text.indexOf(marker, at + 1)).as("'%s' occurs once in %s", marker, file).isNegative();
            int start = text.lastIndexOf('\n', at) + 1;
            int end = text.indexOf('\n', at) + 1;
            Files.writeString(file, text.substring(0, start) + text.substring(end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void append(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file) + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
