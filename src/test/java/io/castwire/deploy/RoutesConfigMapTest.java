package io.castwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The routes ConfigMap of k8s/ is generated from copies of the repository's routes/ (kustomize may not
 * read files above its kustomization), so the copies must never drift: byte for byte, no file missing
 * or extra, and every file named in the generator. scripts/k8s-sync-routes.sh refreshes them.
 */
class RoutesConfigMapTest {

    static final Path ROUTES = Path.of("routes");
    static final Path COPY = Path.of("k8s", "base", "routes");
    private static final String FIX = " (run scripts/k8s-sync-routes.sh)";

    /** Every file below routes/, by its path relative to routes/. */
    static Map<Path, byte[]> repositoryRoutes() throws IOException {
        return files(ROUTES);
    }

    private static Map<Path, byte[]> files(Path root) throws IOException {
        Map<Path, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void theCopiesAreByteIdenticalToRoutes() throws IOException {
        Map<Path, byte[]> routes = repositoryRoutes();
        Map<Path, byte[]> copies = files(COPY);
        assertThat(routes).as("routes/ is empty?").isNotEmpty();
        assertThat(copies.keySet()).as("files in k8s/base/routes" + FIX).containsExactlyInAnyOrderElementsOf(routes.keySet());
        routes.forEach((p, bytes) -> assertThat(copies.get(p)).as("k8s/base/routes/%s differs from routes/%s" + FIX, p, p)
                .isEqualTo(bytes));
    }

    @Test
    void theGeneratorNamesEveryRouteFileAndTheKeysAreUnique() throws IOException {
        JsonNode generator = null;
        for (JsonNode g : Kustomize.kustomization(Path.of("k8s", "base")).path("configMapGenerator")) {
            if (g.path("name").asText().equals("castwire-routes")) {
                generator = g;
            }
        }
        assertThat(generator).as("configMapGenerator castwire-routes").isNotNull();
        List<String> listed = new ArrayList<>();
        generator.path("files").forEach(f -> listed.add(f.asText()));
        List<String> expected = repositoryRoutes().keySet().stream().map(p -> "routes/" + p.toString().replace('\\', '/')).toList();
        assertThat(listed).as("files of castwire-routes in k8s/base/kustomization.yaml" + FIX)
                .containsExactlyInAnyOrderElementsOf(expected);
        // the ConfigMap is flat: its keys are the file names, mounted in one folder
        assertThat(repositoryRoutes().keySet().stream().map(p -> p.getFileName().toString()))
                .as("route file names must be unique across routes/ folders").doesNotHaveDuplicates()
                .allMatch(n -> n.endsWith(".camel.yaml"), "end in .camel.yaml (CASTWIRE_ROUTES_LOCATION matches *.camel.yaml)");
    }
}
