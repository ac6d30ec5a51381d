package io.castwire.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * Every file in kamelets/ against the apache/camel-kamelets catalog rules (its script/validator:
 * names, types, annotations, schema, credentials, declared versus used parameters, dependencies),
 * plus castwire's own: the set of ten, sinks stripping dispatch headers, optional parameters as
 * {@code {{?param}}}, every Kamelet in the README. Plain JUnit, no Camel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KameletCatalogTest {

    static final Set<String> EXPECTED = Set.of("castwire-folder-source", "castwire-s3-source", "castwire-webhook-source",
            "castwire-wordpress-sink", "castwire-cablecast-sink", "castwire-youtube-sink", "castwire-social-sink",
            "castwire-webhook-sink", "castwire-score-action", "castwire-clip-action");
    private static final Path DIR = Path.of("kamelets");
    /** The catalog validator's expression for a parameter in a template. */
    private static final Pattern PARAM = Pattern.compile("\\{\\{([?]?)([A-Za-z0-9-._]+)(?:[:][^}]*)?}}");
    private static final Set<String> STOP_WORDS = Set.of("of", "a", "an", "the", "and", "or", "to", "in", "for", "on", "at", "by");
    private static final Map<String, String> COMPONENT_DEPENDENCY = Map.of("file:", "camel:file", "aws2-s3:", "camel:aws2-s3",
            "platform-http:", "camel:platform-http", "kamelet:", "camel:kamelet");

    private final Map<Path, Map<String, Object>> kamelets = new LinkedHashMap<>();

    @BeforeAll
    void load() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Object doc = new Yaml().load(in);
                    assertThat(doc).as(f + " is a YAML mapping").isInstanceOf(Map.class);
                    kamelets.put(f, map(doc));
                }
            }
        }
    }

    @Test
    void theTenCastwireKameletsAreAllThereAndNothingElse() {
        assertThat(kamelets.keySet()).extracting(p -> p.getFileName().toString().replace(".kamelet.yaml", ""))
                .containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void eachIsAKameletNamedLikeItsFile() {
        kamelets.forEach((file, k) -> {
            assertThat(k.get("apiVersion")).as(file + ": apiVersion").isEqualTo("camel.apache.org/v1");
            assertThat(k.get("kind")).as(file + ": kind").isEqualTo("Kamelet");
            assertThat(name(k) + ".kamelet.yaml").as(file + ": metadata.name is the file name without .kamelet.yaml")
                    .isEqualTo(file.getFileName().toString());
        });
    }

    @Test
    void theTypeLabelMatchesTheNameSuffixAndTheTitle() {
        kamelets.forEach((file, k) -> {
            String type = (String) map(map(k.get("metadata")).get("labels")).get("camel.apache.org/kamelet.type");
            assertThat(type).as(file + ": label camel.apache.org/kamelet.type").isIn("source", "sink", "action");
            assertThat(name(k)).as(file + ": name ends with -" + type).endsWith("-" + type);
            assertThat((String) definition(k).get("title")).as(file + ": definition title ends with the type")
                    .endsWith(Character.toUpperCase(type.charAt(0)) + type.substring(1));
        });
    }

    @Test
    void theAnnotationsNameProviderSupportLevelCatalogVersionAndIcon() {
        kamelets.forEach((file, k) -> {
            Map<String, Object> a = map(map(k.get("metadata")).get("annotations"));
            assertThat(a.get("camel.apache.org/provider")).as(file + ": provider").isEqualTo("castwire");
            assertThat(a.get("camel.apache.org/kamelet.support.level")).as(file + ": support level")
                    .isIn("Stable", "Preview", "Deprecated");
            assertThat((String) a.get("camel.apache.org/catalog.version")).as(file + ": catalog version").isNotBlank();
            assertThat((String) a.get("camel.apache.org/kamelet.icon")).as(file + ": icon")
                    .startsWith("data:image/svg+xml;base64,");
        });
    }

    @Test
    void theDefinitionIsAnObjectSchemaWithTitleDescriptionAndRequiredProperties() {
        Set<Object> titles = new HashSet<>();
        Set<Object> descriptions = new HashSet<>();
        kamelets.forEach((file, k) -> {
            Map<String, Object> d = definition(k);
            assertThat((String) d.get("title")).as(file + ": definition title").isNotBlank();
            assertThat((String) d.get("description")).as(file + ": definition description").isNotBlank();
            assertThat(d.get("type")).as(file + ": definition type").isEqualTo("object");
            assertThat(d.get("required")).as(file + ": definition has a required list").isInstanceOf(List.class);
            List<?> required = (List<?>) d.get("required");
            assertThat(required).as(file + ": required properties listed once").doesNotHaveDuplicates();
            assertThat(properties(k).keySet()).as(file + ": every required property is defined")
                    .containsAll(required.stream().map(String::valueOf).toList());
            assertThat(titles.add(d.get("title"))).as(file + ": title is unique in the catalog").isTrue();
            assertThat(descriptions.add(d.get("description"))).as(file + ": description is unique in the catalog").isTrue();
        });
    }

    @Test
    void everyPropertyHasACapitalisedTitleADescriptionAndAType() {
        kamelets.forEach((file, k) -> properties(k).forEach((name, value) -> {
            Map<String, Object> p = map(value);
            String where = file + ": property " + name;
            assertThat((String) p.get("type")).as(where + " type").isIn("string", "integer", "number", "boolean");
            assertThat((String) p.get("description")).as(where + " description").isNotBlank();
            String title = (String) p.get("title");
            assertThat(title).as(where + " title").isNotBlank().doesNotStartWith("The ").doesNotStartWith("A ")
                    .doesNotStartWith("An ");
            for (String word : title.split(" ")) {
                if (!STOP_WORDS.contains(word.toLowerCase())) {
                    assertThat(Character.isUpperCase(word.charAt(0))).as(where + " title word '" + word + "' capitalised").isTrue();
                }
            }
            if (p.containsKey("default")) {
                assertThat(p.get("default")).as(where + " default matches its type").satisfies(v -> assertThat(matchesType(v,
                        (String) p.get("type"))).isTrue());
            }
        }));
    }

    @Test
    void secretsArePasswordsInTheCredentialsGroup() {
        kamelets.forEach((file, k) -> properties(k).forEach((name, value) -> {
            Map<String, Object> p = map(value);
            String where = file + ": property " + name;
            if (name.toLowerCase().matches(".*(secret|password|accesskey|token).*")) {
                assertThat(p.get("format")).as(where + " is a secret: format password").isEqualTo("password");
            }
            if ("password".equals(p.get("format"))) {
                assertThat(list(p.get("x-descriptors"))).as(where + " x-descriptors")
                        .contains("urn:camel:group:credentials");
                assertThat(p).as(where + ": a secret has no default or example").doesNotContainKeys("default", "example");
            }
        }));
    }

    @Test
    void everyDeclaredParameterIsUsedAndEveryUsedOneDeclared() {
        kamelets.forEach((file, k) -> {
            Map<String, Object> template = map(spec(k).get("template"));
            Set<String> declared = new TreeSet<>(properties(k).keySet());
            Object beans = template.get("beans");
            if (beans instanceof List<?> list) {
                list.forEach(b -> declared.add((String) map(b).get("name")));
            }
            Map<String, Set<String>> used = used(template);
            Set<String> all = new TreeSet<>();
            used.values().forEach(all::addAll);
            assertThat(all).as(file + ": parameters used in the template are the declared ones").isEqualTo(declared);
        });
    }

    @Test
    void optionalParametersWithoutDefaultAreReferencedAsOptionalPlaceholders() {
        kamelets.forEach((file, k) -> {
            Map<String, Set<String>> used = used(map(spec(k).get("template")));
            List<?> required = (List<?>) definition(k).get("required");
            properties(k).forEach((name, value) -> {
                boolean optional = !required.contains(name) && !map(value).containsKey("default");
                if (optional) {
                    assertThat(used.getOrDefault("", Set.of())).as(file + ": optional " + name + " is never {{" + name + "}}")
                            .doesNotContain(name);
                    assertThat(used.getOrDefault("?", Set.of())).as(file + ": optional " + name + " is {{?" + name + "}}")
                            .contains(name);
                }
            });
        });
    }

    @Test
    void typesSayWhatGoesInAndOut() {
        kamelets.forEach((file, k) -> {
            String type = type(k);
            Map<String, Object> types = map(spec(k).get("types"));
            if (!type.equals("source")) {
                assertThat((String) map(types.get("in")).get("mediaType")).as(file + ": types.in.mediaType").isNotBlank();
            }
            if (!type.equals("sink")) {
                assertThat((String) map(types.get("out")).get("mediaType")).as(file + ": types.out.mediaType").isNotBlank();
            }
        });
    }

    @Test
    void dependenciesCoverEveryComponentTheTemplateUses() {
        kamelets.forEach((file, k) -> {
            List<Object> deps = list(spec(k).get("dependencies"));
            assertThat(deps).as(file + ": spec.dependencies").isNotNull().contains("camel:kamelet", "camel:core");
            String template = String.valueOf(spec(k).get("template"));
            COMPONENT_DEPENDENCY.forEach((scheme, dep) -> {
                if (template.contains(scheme)) {
                    assertThat(deps).as(file + ": uses " + scheme + " so depends on " + dep).contains(dep);
                }
            });
            if (template.contains("bean={")) {
                assertThat(deps).as(file + ": calls a bean so depends on camel:bean").contains("camel:bean");
            }
        });
    }

    @Test
    void sinksAndActionsStartAtKameletSourceAndSourcesAndActionsEndInKameletSink() {
        kamelets.forEach((file, k) -> {
            Map<String, Object> from = map(map(spec(k).get("template")).get("from"));
            String type = type(k);
            List<?> steps = (List<?>) from.get("steps");
            boolean toSink = steps.stream().anyMatch(s -> "kamelet:sink".equals(map(s).get("to")));
            if (type.equals("source")) {
                assertThat((String) from.get("uri")).as(file + ": a source reads from its endpoint").doesNotStartWith("kamelet:");
                assertThat(toSink).as(file + ": a source sends to kamelet:sink").isTrue();
            } else {
                assertThat(from.get("uri")).as(file + ": from kamelet:source").isEqualTo("kamelet:source");
                assertThat(toSink).as(file + ": " + (type.equals("action") ? "an action ends in kamelet:sink"
                        : "a sink does not send on")).isEqualTo(type.equals("action"));
            }
            if (type.equals("action")) {
                assertThat(map(steps.get(steps.size() - 1)).get("to")).as(file + ": the last step is kamelet:sink")
                        .isEqualTo("kamelet:sink");
            }
        });
    }

    @Test
    void sinksRemoveTheDispatchHeadersBeforeCallingCastwire() {
        kamelets.forEach((file, k) -> {
            if (!type(k).equals("sink")) {
                return;
            }
            List<?> steps = (List<?>) map(map(spec(k).get("template")).get("from")).get("steps");
            List<Object> removed = new ArrayList<>();
            for (Object s : steps) {
                Object r = map(s).get("removeHeaders");
                if (r != null) {
                    removed.add(map(r).get("pattern"));
                }
            }
            assertThat(removed).as(file + ": removeHeaders for Camel* and kafka.*").contains("Camel*", "kafka.*");
            assertThat(map(steps.get(removed.size())).get("bean")).as(file + ": the headers go before the castwire call")
                    .isNotNull();
        });
    }

    @Test
    void theReadmeDescribesEveryKamelet() throws IOException {
        String readme = Files.readString(DIR.resolve("README.md"));
        assertThat(readme).doesNotContain("Not written yet");
        for (String name : EXPECTED) {
            assertThat(readme).as("kamelets/README.md describes " + name).contains("`" + name + "`");
        }
    }

    /** Parameters in the template: "" for {{x}}, "?" for {{?x}}. */
    private static Map<String, Set<String>> used(Object template) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        walk(template, s -> {
            Matcher m = PARAM.matcher(s);
            while (m.find()) {
                out.computeIfAbsent(m.group(1), x -> new TreeSet<>()).add(m.group(2));
            }
        });
        return out;
    }

    private static void walk(Object node, java.util.function.Consumer<String> strings) {
        if (node instanceof String s) {
            strings.accept(s);
        } else if (node instanceof Map<?, ?> m) {
            m.keySet().forEach(key -> walk(key, strings));
            m.values().forEach(v -> walk(v, strings));
        } else if (node instanceof Collection<?> c) {
            c.forEach(v -> walk(v, strings));
        }
    }

    private static boolean matchesType(Object v, String type) {
        return switch (type) {
            case "string" -> v instanceof String;
            case "integer" -> v instanceof Integer || v instanceof Long;
            case "number" -> v instanceof Number;
            case "boolean" -> v instanceof Boolean;
            default -> false;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).as("a YAML mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).as("a YAML list").isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static String name(Map<String, Object> k) {
        return (String) map(k.get("metadata")).get("name");
    }

    private static String type(Map<String, Object> k) {
        return (String) map(map(k.get("metadata")).get("labels")).get("camel.apache.org/kamelet.type");
    }

    private static Map<String, Object> spec(Map<String, Object> k) {
        return map(k.get("spec"));
    }

    private static Map<String, Object> definition(Map<String, Object> k) {
        return map(spec(k).get("definition"));
    }

    private static Map<String, Object> properties(Map<String, Object> k) {
        Object p = definition(k).get("properties");
        return p == null ? Map.of() : map(p);
    }
}
