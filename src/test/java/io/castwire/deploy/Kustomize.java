package io.castwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the manifests under {@code k8s/} and renders a kustomization the way {@code kustomize build}
 * does, for exactly the features {@code k8s/} uses (resources, configMapGenerator, patches: strategic
 * merge, JSON 6902 and {@code $patch: delete}, images, replicas, the NamespaceTransformer). Anything
 * else fails, so a new feature is never silently skipped: extend this class or rely on
 * {@link #kubectl(Path)}. Generated names carry no hash suffix here; kustomize adds one.
 */
final class Kustomize {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "images", "replicas",
            "configMapGenerator", "patches", "transformers");

    /** Strategic-merge keys of the lists the patches may touch (as in the Kubernetes API). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "volumes", "name", "env", "name", "volumeMounts", "mountPath", "ports", "containerPort");

    private Kustomize() {
    }

    /** Every YAML document of a file (empty documents skipped), as Jackson trees. */
    static List<JsonNode> readAll(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        }
        return docs;
    }

    static ObjectNode kustomization(Path dir) throws IOException {
        List<JsonNode> docs = readAll(dir.resolve("kustomization.yaml"));
        assertThat(docs).as("%s/kustomization.yaml", dir).hasSize(1);
        return (ObjectNode) docs.get(0);
    }

    /** The resources a {@code kustomize build dir} would print, rendered in Java. */
    static List<ObjectNode> render(Path dir) throws IOException {
        ObjectNode k = kustomization(dir);
        k.fieldNames().forEachRemaining(f -> assertThat(SUPPORTED)
                .as("%s/kustomization.yaml uses '%s', which this test's renderer does not know", dir, f).contains(f));
        List<ObjectNode> docs = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                docs.addAll(render(p));
            } else {
                for (JsonNode d : readAll(p)) {
                    docs.add((ObjectNode) d);
                }
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            generate(dir, (ObjectNode) g, docs);
        }
        for (JsonNode p : k.path("patches")) {
            patch(dir, (ObjectNode) p, docs);
        }
        for (JsonNode image : k.path("images")) {
            setImage(image, docs);
        }
        for (JsonNode r : k.path("replicas")) {
            List<ObjectNode> targets = matching(docs, "Deployment", r.path("name").asText(), null);
            assertThat(targets).as("replicas of %s in %s", r.path("name").asText(), dir).isNotEmpty();
            targets.forEach(d -> ((ObjectNode) d.get("spec")).put("replicas", r.path("count").asInt()));
        }
        for (JsonNode t : k.path("transformers")) {
            JsonNode transformer = readAll(dir.resolve(t.asText())).get(0);
            assertThat(transformer.path("kind").asText()).as("transformer %s", t.asText()).isEqualTo("NamespaceTransformer");
            String ns = transformer.path("metadata").path("namespace").asText();
            boolean unsetOnly = transformer.path("unsetOnly").asBoolean(false);
            for (ObjectNode d : docs) {
                ObjectNode meta = (ObjectNode) d.get("metadata");
                if (!unsetOnly || !meta.hasNonNull("namespace")) {
                    meta.put("namespace", ns);
                }
            }
        }
        return docs;
    }

    private static void generate(Path dir, ObjectNode g, List<ObjectNode> docs) throws IOException {
        String name = g.path("name").asText();
        String behavior = g.path("behavior").asText("create");
        ObjectNode data = JSON.createObjectNode();
        for (JsonNode l : g.path("literals")) {
            String literal = l.asText();
            int eq = literal.indexOf('=');
            assertThat(eq).as("literal %s of %s", literal, name).isPositive();
            data.put(literal.substring(0, eq), literal.substring(eq + 1));
        }
        for (JsonNode f : g.path("files")) {
            Path file = dir.resolve(f.asText()).normalize();
            assertThat(file).as("file of configMapGenerator %s", name).isRegularFile();
            assertThat(file.startsWith(dir.normalize()))
                    .as("%s is outside %s: kustomize's default load restrictor refuses it", f.asText(), dir).isTrue();
            data.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
        List<ObjectNode> existing = matching(docs, "ConfigMap", name, null);
        if (behavior.equals("create")) {
            assertThat(existing).as("ConfigMap %s generated twice", name).isEmpty();
            ObjectNode cm = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            cm.putObject("metadata").put("name", name);
            cm.set("data", data);
            docs.add(cm);
        } else {
            assertThat(existing).as("configMapGenerator %s with behavior %s needs one in the base", name, behavior).hasSize(1);
            ObjectNode target = existing.get(0);
            if (behavior.equals("replace")) {
                target.set("data", data);
            } else {
                assertThat(behavior).isEqualTo("merge");
                ((ObjectNode) target.get("data")).setAll(data);
            }
        }
    }

    private static void patch(Path dir, ObjectNode spec, List<ObjectNode> docs) throws IOException {
        Path file = dir.resolve(spec.path("path").asText());
        assertThat(file).as("patch of %s", dir).isRegularFile();
        JsonNode target = spec.path("target");
        Object raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        JsonNode body = JSON.valueToTree(raw);
        if (body.isArray()) {
            assertThat(target.isObject()).as("JSON 6902 patch %s needs a target", file).isTrue();
            List<ObjectNode> targets = matching(docs, target.path("kind").asText(), target.path("name").asText(null),
                    target.path("group").asText(null));
            assertThat(targets).as("patch %s targets nothing in the base", file).isNotEmpty();
            for (ObjectNode t : targets) {
                for (JsonNode op : body) {
                    json6902(t, op, file);
                }
            }
            return;
        }
        ObjectNode patch = (ObjectNode) body;
        String kind = target.isObject() ? target.path("kind").asText() : patch.path("kind").asText();
        String name = target.isObject() ? target.path("name").asText(null) : patch.path("metadata").path("name").asText();
        List<ObjectNode> targets = matching(docs, kind, name, null);
        assertThat(targets).as("patch %s targets %s %s, which the base does not have", file, kind, name).isNotEmpty();
        if (patch.path("$patch").asText().equals("delete")) {
            docs.removeAll(targets);
            return;
        }
        for (ObjectNode t : targets) {
            ObjectNode body2 = patch.deepCopy();
            body2.remove(List.of("apiVersion", "kind", "metadata"));
            merge(t, body2);
        }
    }

    private static void json6902(ObjectNode doc, JsonNode op, Path file) {
        String kind = op.path("op").asText();
        assertThat(kind).as("op in %s", file).isIn("replace", "add");
        String[] tokens = op.path("path").asText().substring(1).split("/");
        JsonNode parent = doc;
        for (int i = 0; i < tokens.length - 1; i++) {
            String t = unescape(tokens[i]);
            parent = parent.isArray() ? parent.get(Integer.parseInt(t)) : parent.get(t);
            assertThat(parent).as("path %s of %s in %s", op.path("path").asText(), file, doc.path("metadata")).isNotNull();
        }
        String last = unescape(tokens[tokens.length - 1]);
        if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if (kind.equals("replace")) {
                array.set(Integer.parseInt(last), op.get("value"));
            } else if (last.equals("-")) {
                array.add(op.get("value"));
            } else {
                array.insert(Integer.parseInt(last), op.get("value"));
            }
        } else {
            if (kind.equals("replace")) {
                assertThat(parent.has(last)).as("replace of missing %s in %s", op.path("path").asText(), file).isTrue();
            }
            ((ObjectNode) parent).set(last, op.get("value"));
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** Strategic merge for what the overlays need: maps merge, keyed lists merge by key, null deletes. */
    static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = target.get(e.getKey());
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value);
            } else if (value.isArray() && current != null && current.isArray() && MERGE_KEYS.containsKey(e.getKey())) {
                String key = MERGE_KEYS.get(e.getKey());
                for (JsonNode item : value) {
                    ObjectNode same = null;
                    for (JsonNode c : current) {
                        if (c.path(key).equals(item.path(key))) {
                            same = (ObjectNode) c;
                        }
                    }
                    if (same == null) {
                        ((ArrayNode) current).add(item);
                    } else {
                        merge(same, (ObjectNode) item);
                    }
                }
            } else {
                target.set(e.getKey(), value);
            }
        }
    }

    private static void setImage(JsonNode image, List<ObjectNode> docs) {
        String name = image.path("name").asText();
        for (ObjectNode d : docs) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                String current = c.path("image").asText();
                String bare = current.replaceAll("[:@].*$", "");
                if (bare.equals(name)) {
                    String newName = image.path("newName").asText(bare);
                    String tag = image.has("newTag") ? image.path("newTag").asText()
                            : current.contains(":") ? current.substring(current.indexOf(':') + 1) : null;
                    ((ObjectNode) c).put("image", tag == null ? newName : newName + ":" + tag);
                }
            }
        }
    }

    static List<ObjectNode> matching(List<ObjectNode> docs, String kind, String name, String group) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode d : docs) {
            String apiVersion = d.path("apiVersion").asText();
            String docGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (d.path("kind").asText().equals(kind)
                    && (name == null || d.path("metadata").path("name").asText().equals(name))
                    && (group == null || docGroup.equals(group))) {
                out.add(d);
            }
        }
        return out;
    }

    /** kubectl's built-in kustomize, when this machine has kubectl (or a kustomize binary). */
    static boolean kubectlAvailable() {
        return binary() != null;
    }

    private static List<String> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kustomize"))) {
                return List.of(Path.of(dir, "kustomize").toString(), "build");
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return List.of(Path.of(dir, "kubectl").toString(), "kustomize");
            }
        }
        return null;
    }

    /** {@code kustomize build dir} (or {@code kubectl kustomize dir}), parsed. */
    static List<ObjectNode> kubectl(Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(binary());
        command.add(dir.toString());
        Path out = Files.createTempFile("kustomize-", ".yaml");
        Path err = Files.createTempFile("kustomize-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("%s did not finish in 60 s", command);
            }
            assertThat(p.exitValue()).as("%s: %s", command, Files.readString(err)).isZero();
            List<ObjectNode> docs = new ArrayList<>();
            for (JsonNode d : readAll(out)) {
                docs.add((ObjectNode) d);
            }
            return docs;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
