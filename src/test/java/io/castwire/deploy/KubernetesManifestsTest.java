package io.castwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.common.backbone.Handoff;
import io.castwire.publishing.delivery.Destination;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The manifests under {@code k8s/}, parsed with the Kubernetes model (fabric8), for each overlay as
 * rendered by {@link Kustomize} in Java and, where this machine has kubectl or kustomize, by kustomize
 * itself. No Spring context.
 */
class KubernetesManifestsTest {

    static final Path K8S = Path.of("k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path SECRET_TEMPLATE = BASE.resolve("secret-template.yaml");

    /** Kinds castwire's manifests may contain, with their API versions. */
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("ServiceAccount", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("Ingress", "networking.k8s.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1beta2"),
            Map.entry("PersistentVolumeClaim", "v1"));

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("ServiceAccount", ServiceAccount.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Service", Service.class),
            Map.entry("Secret", Secret.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("Ingress", Ingress.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("KafkaTopic", GenericKubernetesResource.class),
            Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class));

    static final Set<String> PUBLIC_PATHS = Set.of("/webhooks", "/feed.xml", "/shows", "/media");
    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String PLACEHOLDER = "REPLACE_ME";

    /** One overlay, rendered one way. */
    record Rendered(String overlay, String renderer, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> all = all(type);
            assertThat(all).as("%s in %s", type.getSimpleName(), this).hasSize(1);
            return all.get(0);
        }

        List<GenericKubernetesResource> kind(String kind) {
            return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
        }

        @Override
        public String toString() {
            return overlay + " (" + renderer + ")";
        }
    }

    static Stream<Arguments> overlays() {
        return Stream.of("dev", "prod").flatMap(o -> Stream.of(Arguments.of(o, "java"), Arguments.of(o, "kustomize")));
    }

    /** Renders are read-only for the checks; kustomize takes ~1 s a run, so each is done once. */
    private static final Map<String, Rendered> RENDERS = new java.util.concurrent.ConcurrentHashMap<>();

    static Rendered render(String overlay, String renderer) throws Exception {
        if (renderer.equals("kustomize")) {
            Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "no kubectl or kustomize on this machine");
        }
        Rendered cached = RENDERS.get(overlay + "/" + renderer);
        if (cached == null) {
            cached = renderNow(overlay, renderer);
            RENDERS.put(overlay + "/" + renderer, cached);
        }
        return cached;
    }

    private static Rendered renderNow(String overlay, String renderer) throws Exception {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        List<ObjectNode> docs;
        if (renderer.equals("java")) {
            docs = Kustomize.render(dir);
        } else {
            docs = Kustomize.kubectl(dir);
        }
        return new Rendered(overlay, renderer, typed(docs, overlay + " (" + renderer + ")"));
    }

    /** Converts to the Kubernetes model; a field the model does not know (a typo) fails. */
    static List<HasMetadata> typed(List<? extends JsonNode> docs, String where) {
        List<HasMetadata> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode d : docs) {
            String kind = d.path("kind").asText();
            String name = d.path("metadata").path("name").asText();
            assertThat(API_VERSIONS).as("kind %s (%s) in %s", kind, name, where).containsKey(kind);
            assertThat(d.path("apiVersion").asText()).as("apiVersion of %s %s in %s", kind, name, where)
                    .isEqualTo(API_VERSIONS.get(kind));
            assertThat(name).as("name of a %s in %s", kind, where).isNotBlank();
            HasMetadata o = Kustomize.JSON.convertValue(d, TYPES.get(kind));
            unknownFields(o, kind + " " + name, problems);
            out.add(o);
        }
        assertThat(problems).as("fields the Kubernetes model does not know, in %s", where).isEmpty();
        return out;
    }

    /** Walks the model: whatever Jackson could not map lands in additionalProperties. */
    private static void unknownFields(Object o, String path, List<String> problems) {
        if (o == null || o instanceof GenericKubernetesResource) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (InvocationTargetException | IllegalAccessException e) {
                problems.add(path + "." + m.getName() + ": " + e.getCause());
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4), problems);
            }
        }
    }

    // ---- the kustomizations themselves

    @Test
    void everyFileAKustomizationNamesExistsAndEveryPatchTargetsTheBase() throws Exception {
        List<ObjectNode> base = Kustomize.render(BASE);
        for (String overlay : List.of("dev", "prod")) {
            Path dir = K8S.resolve("overlays").resolve(overlay);
            ObjectNode k = Kustomize.kustomization(dir);
            assertThat(k.path("resources")).extracting(JsonNode::asText).as("%s resources", overlay).contains("../../base");
            for (JsonNode t : k.path("transformers")) {
                assertThat(dir.resolve(t.asText())).isRegularFile();
            }
            for (JsonNode p : k.path("patches")) {
                Path file = dir.resolve(p.path("path").asText());
                assertThat(file).as("patch in %s", overlay).isRegularFile();
                JsonNode target = p.path("target");
                String kind;
                String name;
                if (target.isObject()) {
                    kind = target.path("kind").asText();
                    name = target.path("name").asText(null);
                } else {
                    JsonNode body = Kustomize.readAll(file).get(0);
                    kind = body.path("kind").asText();
                    name = body.path("metadata").path("name").asText();
                }
                assertThat(Kustomize.matching(base, kind, name, target.path("group").asText(null)))
                        .as("%s patch %s: %s %s must exist in the base", overlay, file.getFileName(), kind, name).isNotEmpty();
            }
            for (JsonNode g : k.path("configMapGenerator")) {
                if (g.has("behavior")) {
                    assertThat(Kustomize.matching(base, "ConfigMap", g.path("name").asText(), null))
                            .as("%s merges into ConfigMap %s of the base", overlay, g.path("name").asText()).hasSize(1);
                }
            }
            for (JsonNode r : k.path("replicas")) {
                assertThat(Kustomize.matching(base, "Deployment", r.path("name").asText(), null)).isNotEmpty();
            }
        }
        ObjectNode k = Kustomize.kustomization(BASE);
        for (JsonNode r : k.path("resources")) {
            assertThat(BASE.resolve(r.asText())).as("base resource").isRegularFile();
        }
        // every manifest file in the base is used (the Secret template deliberately is not)
        try (Stream<Path> files = Files.list(BASE)) {
            Set<String> listed = new TreeSet<>();
            k.path("resources").forEach(r -> listed.add(r.asText()));
            listed.add("kustomization.yaml");
            listed.add(SECRET_TEMPLATE.getFileName().toString());
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .as("manifests in k8s/base that kustomization.yaml does not list").allMatch(listed::contains);
        }
        assertThat(Kustomize.kustomization(BASE).path("resources")).extracting(JsonNode::asText)
                .as("the Secret template is never applied by a build").doesNotContain(SECRET_TEMPLATE.getFileName().toString());
    }

    /** Where kubectl is missing the Java render is all the checks see: it must be what kustomize prints. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dev", "prod"})
    void theJavaRenderIsWhatKustomizePrints(String overlay) throws Exception {
        Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "no kubectl or kustomize on this machine");
        Path dir = K8S.resolve("overlays").resolve(overlay);
        Map<String, JsonNode> java = byId(Kustomize.render(dir), List.of());
        List<ObjectNode> built = Kustomize.kubectl(dir);
        // kustomize appends a content hash to generated names; the Java render does not
        List<String> generated = new ArrayList<>();
        Kustomize.kustomization(BASE).path("configMapGenerator").forEach(g -> generated.add(g.path("name").asText()));
        Map<String, JsonNode> kustomize = byId(built, generated);
        assertThat(java.keySet()).containsExactlyInAnyOrderElementsOf(kustomize.keySet());
        java.forEach((id, doc) -> assertThat(doc).as(id).isEqualTo(kustomize.get(id)));
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> docs, List<String> generated) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        for (ObjectNode d : docs) {
            String text = Kustomize.JSON.writeValueAsString(d);
            for (String name : generated) {
                text = text.replaceAll("\"" + java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}\"", "\"" + name + "\"");
            }
            JsonNode n = Kustomize.JSON.readTree(text);
            out.put(n.path("kind").asText() + " " + n.path("metadata").path("namespace").asText() + "/"
                    + n.path("metadata").path("name").asText(), n);
        }
        return out;
    }

    @Test
    void theBaseHasEveryKindAndParsesInTheModel() throws Exception {
        List<HasMetadata> objects = typed(Kustomize.render(BASE), "base");
        assertThat(objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "ServiceAccount", "ConfigMap", "Service", "Deployment", "Ingress", "NetworkPolicy",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "KafkaTopic");
    }

    @Test
    void theSecretTemplateHoldsOnlyPlaceholders() throws Exception {
        List<HasMetadata> docs = typed(Kustomize.readAll(SECRET_TEMPLATE), SECRET_TEMPLATE.toString());
        assertThat(docs).hasSize(1);
        Secret secret = (Secret) docs.get(0);
        assertThat(secret.getMetadata().getName()).isEqualTo("castwire-secrets");
        assertThat(secret.getData()).as("base64 data could hide a real value: use stringData").isNullOrEmpty();
        assertThat(secret.getStringData()).isNotEmpty();
        secret.getStringData().forEach((k, v) -> assertThat(v).as("value of %s", k).isEqualTo(PLACEHOLDER));
        assertThat(secret.getStringData()).containsKeys("CASTWIRE_DB_USER", "CASTWIRE_DB_PASSWORD",
                "CASTWIRE_ADMIN_PASSWORD", "CASTWIRE_S3_ACCESS_KEY", "CASTWIRE_S3_SECRET_KEY");
    }

    // ---- each overlay

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void kindsPerOverlay(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        Set<String> kinds = r.objects().stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        assertThat(kinds).as("%s", r).contains("ServiceAccount", "ConfigMap", "Service", "Deployment", "Ingress",
                "NetworkPolicy", "KafkaTopic").doesNotContain("Secret");
        Deployment d = r.one(Deployment.class);
        String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        if (overlay.equals("dev")) {
            assertThat(d.getSpec().getReplicas()).isEqualTo(1);
            assertThat(image).isEqualTo("castwire:dev");
            assertThat(kinds).as("one replica: no HPA, and a budget would block drains")
                    .doesNotContain("HorizontalPodAutoscaler", "PodDisruptionBudget");
        } else {
            assertThat(d.getSpec().getReplicas()).isEqualTo(3);
            assertThat(image).startsWith("castwire:").isNotIn("castwire:latest", "castwire:dev");
            HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
            assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
            PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
            assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isLessThan(hpa.getSpec().getMinReplicas());
            // every replica shares each hand-off's partitions: more replicas than partitions idle
            r.kind("KafkaTopic").forEach(t -> assertThat(((Number) spec(t).get("partitions")).intValue())
                    .as("partitions of %s", t.getMetadata().getName()).isGreaterThanOrEqualTo(hpa.getSpec().getMaxReplicas()));
        }
        // castwire's objects in the overlay's namespace, the topics in the Kafka cluster's
        for (HasMetadata o : r.objects()) {
            String expected = o.getKind().equals("KafkaTopic") ? "kafka" : overlay.equals("dev") ? "castwire-dev" : "castwire";
            assertThat(o.getMetadata().getNamespace()).as("namespace of %s %s", o.getKind(), o.getMetadata().getName())
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void probesOnTheActuatorGroupsAndThePortSpringListensOn(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        int serverPort = ApplicationYaml.serverPort();
        for (Container c : r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers()) {
            assertThat(c.getLivenessProbe()).as("liveness of %s", c.getName()).isNotNull();
            assertThat(c.getReadinessProbe()).as("readiness of %s", c.getName()).isNotNull();
            assertThat(c.getStartupProbe()).as("startup of %s", c.getName()).isNotNull();
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(LIVENESS);
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(READINESS);
            assertThat(c.getStartupProbe().getHttpGet().getPath()).isIn(LIVENESS, READINESS);
            for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                assertThat(port(c, p.getHttpGet().getPort())).as("probe port of %s", c.getName()).isEqualTo(serverPort);
            }
            // ~11 s to start idle, 65-81 s seen on a saturated machine: allow well over that before liveness may kill it
            Probe s = c.getStartupProbe();
            assertThat(s.getPeriodSeconds() * s.getFailureThreshold()).isGreaterThanOrEqualTo(120);
        }
        assertThat(ApplicationYaml.get("management.endpoint.health.probes.enabled")).isEqualTo(Boolean.TRUE);
        assertThat(ApplicationYaml.get("management.server.port")).as("actuator on the server port").isNull();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void nonRootReadOnlyAndEveryWritablePathIsAVolume(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
        PodSecurityContext psc = pod.getSecurityContext();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        for (Container c : pod.getContainers()) {
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc).as("securityContext of %s", c.getName()).isNotNull();
            assertThat(first(sc.getRunAsNonRoot(), psc.getRunAsNonRoot())).isTrue();
            assertThat(first(sc.getRunAsUser(), psc.getRunAsUser())).isNotNull().isPositive();
            assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
            assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
            assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : psc.getSeccompProfile() == null ? null : psc.getSeccompProfile().getType();
            assertThat(seccomp).isEqualTo("RuntimeDefault");

            Map<String, String> env = env(r, c);
            List<String> writable = new ArrayList<>(List.of("/tmp", env.get("CASTWIRE_HOME")));
            String tmpdir = option(env.get("JAVA_TOOL_OPTIONS"), "-Djava.io.tmpdir=");
            if (tmpdir != null) {
                writable.add(tmpdir);
            }
            for (String path : writable) {
                assertThat(path).as("a writable path of %s", c.getName()).isNotNull().startsWith("/");
                VolumeMount m = mountOf(c, path);
                assertThat(m).as("%s is on the read-only root file system: mount a volume there", path).isNotNull();
                assertThat(m.getReadOnly()).as("mount of %s", path).isNotEqualTo(Boolean.TRUE);
                Volume v = volume(pod, m.getName());
                assertThat(v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null)
                        .as("%s must be an emptyDir or a PVC", m.getName()).isTrue();
            }
            // media and feeds are read by whichever replica processes, publishes or serves them: with
            // castwire.home a volume of each pod's own, they must be shared through the bucket
            // (docs/architecture.md#shared-storage-between-replicas), or live on one ReadWriteMany claim
            Volume home = volume(pod, mountOf(c, env.get("CASTWIRE_HOME")).getName());
            PersistentVolumeClaim claim = home.getPersistentVolumeClaim() == null ? null : r.all(PersistentVolumeClaim.class)
                    .stream().filter(p -> p.getMetadata().getName().equals(home.getPersistentVolumeClaim().getClaimName()))
                    .findFirst().orElseGet(() -> fail("no PVC %s", home.getPersistentVolumeClaim().getClaimName()));
            boolean sharedVolume = claim != null && claim.getSpec().getAccessModes().contains("ReadWriteMany");
            assertThat(sharedVolume || !env.getOrDefault("CASTWIRE_STORAGE_SHARED_BUCKET", "").isBlank())
                    .as("castwire.home's media/ and public/ shared between replicas").isTrue();
            if (claim != null && !sharedVolume) {
                assertThat(r.one(Deployment.class).getSpec().getStrategy().getType())
                        .as("a second pod cannot attach a ReadWriteOnce volume during a rolling update").isEqualTo("Recreate");
            }
            for (VolumeMount m : c.getVolumeMounts()) {
                Volume v = volume(pod, m.getName());
                if (v.getConfigMap() != null || v.getSecret() != null) {
                    assertThat(m.getReadOnly()).as("mount %s", m.getMountPath()).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void resourcesJvmAndGracefulStop(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
        for (Container c : pod.getContainers()) {
            for (String res : List.of("cpu", "memory")) {
                assertThat(c.getResources().getRequests()).as("requests of %s", c.getName()).containsKey(res);
                assertThat(c.getResources().getLimits()).as("limits of %s", c.getName()).containsKey(res);
                assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get(res)))
                        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(c.getResources().getRequests().get(res)));
            }
            String percent = option(env(r, c).get("JAVA_TOOL_OPTIONS"), "-XX:MaxRAMPercentage=");
            assertThat(percent).as("JAVA_TOOL_OPTIONS sizes the heap from the container limit").isNotNull();
            assertThat(Double.parseDouble(percent)).isBetween(40.0, 80.0);
            assertThat(c.getLifecycle().getPreStop()).as("preStop of %s", c.getName()).isNotNull();
            Long sleep = c.getLifecycle().getPreStop().getSleep().getSeconds();
            assertThat(pod.getTerminationGracePeriodSeconds())
                    .as("grace period: the preStop sleep plus Camel's 45 s shutdown").isGreaterThanOrEqualTo(sleep + 45);
        }
        assertThat(pod.getTopologySpreadConstraints()).isNotEmpty();
        assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
        if (overlay.equals("prod")) {
            Rendered dev = render("dev", renderer);
            Quantity prodMemory = pod.getContainers().get(0).getResources().getLimits().get("memory");
            Quantity devMemory = dev.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getResources().getLimits().get("memory");
            assertThat(Quantity.getAmountInBytes(prodMemory)).isGreaterThan(Quantity.getAmountInBytes(devMemory));
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void everyReferenceResolves(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        Set<String> configMaps = names(r.all(ConfigMap.class));
        Set<String> secrets = new TreeSet<>(names(r.all(Secret.class)));
        secrets.add(secretTemplate().getMetadata().getName());
        Deployment d = r.one(Deployment.class);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(matches(d.getSpec().getSelector(), podLabels)).as("Deployment selector").isTrue();
        assertThat(names(r.all(ServiceAccount.class))).contains(pod.getServiceAccountName());
        for (Container c : pod.getContainers()) {
            for (EnvFromSource e : c.getEnvFrom()) {
                if (e.getConfigMapRef() != null) {
                    assertThat(configMaps).as("configMapRef of %s", c.getName()).contains(e.getConfigMapRef().getName());
                }
                if (e.getSecretRef() != null) {
                    assertThat(secrets).as("secretRef of %s", c.getName()).contains(e.getSecretRef().getName());
                }
            }
            for (VolumeMount m : c.getVolumeMounts()) {
                volume(pod, m.getName());
            }
        }
        for (Volume v : pod.getVolumes()) {
            if (v.getConfigMap() != null) {
                assertThat(configMaps).as("volume %s", v.getName()).contains(v.getConfigMap().getName());
            }
            if (v.getSecret() != null) {
                assertThat(secrets).as("volume %s", v.getName()).contains(v.getSecret().getSecretName());
            }
        }
        Service svc = r.one(Service.class);
        assertThat(svc.getSpec().getSelector()).as("Service selector").isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
        for (var p : svc.getSpec().getPorts()) {
            assertThat(port(pod.getContainers().get(0), p.getTargetPort())).isEqualTo(ApplicationYaml.serverPort());
        }
        Set<String> servicePortNames = svc.getSpec().getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
        for (IngressRule rule : r.one(Ingress.class).getSpec().getRules()) {
            for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                assertThat(p.getBackend().getService().getName()).isEqualTo(svc.getMetadata().getName());
                var port = p.getBackend().getService().getPort();
                assertThat(port.getName() != null ? servicePortNames.contains(port.getName())
                        : svc.getSpec().getPorts().stream().anyMatch(sp -> sp.getPort().equals(port.getNumber())))
                        .as("Ingress backend port %s", port).isTrue();
            }
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            assertThat(ref.getKind()).isEqualTo("Deployment");
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getName()).isEqualTo(d.getMetadata().getName());
        }
        for (PodDisruptionBudget pdb : r.all(PodDisruptionBudget.class)) {
            assertThat(matches(pdb.getSpec().getSelector(), podLabels)).as("PDB selector").isTrue();
        }
        assertThat(matches(r.one(NetworkPolicy.class).getSpec().getPodSelector(), podLabels))
                .as("NetworkPolicy podSelector").isTrue();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void ingressExposesOnlyWebhooksAndTheFeed(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        List<String> paths = new ArrayList<>();
        for (Ingress ingress : r.all(Ingress.class)) {
            assertThat(ingress.getSpec().getDefaultBackend()).as("a default backend would expose everything").isNull();
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                    assertThat(p.getPathType()).isIn("Exact", "Prefix");
                    paths.add(p.getPath());
                }
            }
        }
        assertThat(paths).containsExactlyInAnyOrderElementsOf(PUBLIC_PATHS);
        // every host is served over TLS, and the public URL the feeds carry is that host
        for (Ingress ingress : r.all(Ingress.class)) {
            Set<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream()).collect(Collectors.toSet());
            for (IngressRule rule : ingress.getSpec().getRules()) {
                assertThat(tlsHosts).as("TLS for %s", rule.getHost()).contains(rule.getHost());
                Map<String, String> env = env(r, r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0));
                assertThat(env.get("CASTWIRE_PUBLIC_URL")).isEqualTo("https://" + rule.getHost());
            }
        }
        assertThat(paths).noneMatch(p -> p.equals("/") || p.startsWith("/api") || p.startsWith("/actuator"));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void networkPolicyAllowsOnlyWhatTheHubNeeds(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        NetworkPolicy np = r.one(NetworkPolicy.class);
        assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(np.getSpec().getIngress()).allSatisfy(rule -> {
            assertThat(rule.getFrom()).as("ingress from a selected source only").isNotEmpty();
            assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).containsOnly(new IntOrString(ApplicationYaml.serverPort()));
        });
        Set<Integer> egressPorts = new TreeSet<>();
        for (NetworkPolicyEgressRule rule : np.getSpec().getEgress()) {
            assertThat(rule.getPorts()).as("an egress rule without ports opens everything").isNotEmpty();
            rule.getPorts().forEach(p -> egressPorts.add(p.getPort().getIntVal()));
        }
        assertThat(egressPorts).containsExactlyInAnyOrder(53, 5432, 9092, 443);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void kafkaTopicsAreTheBackbonesTopics(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        List<GenericKubernetesResource> topics = r.kind("KafkaTopic");
        Set<String> names = new TreeSet<>();
        for (GenericKubernetesResource t : topics) {
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "castwire");
            Map<String, Object> spec = spec(t);
            names.add((String) spec.getOrDefault("topicName", t.getMetadata().getName()));
            assertThat(((Number) spec.get("partitions")).intValue()).isPositive();
            int replicas = ((Number) spec.get("replicas")).intValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) spec.get("config");
            int minIsr = ((Number) config.get("min.insync.replicas")).intValue();
            assertThat(minIsr).as("min.insync.replicas of %s", t.getMetadata().getName()).isBetween(1, replicas);
            if (overlay.equals("prod")) {
                assertThat(replicas).isGreaterThanOrEqualTo(3);
                assertThat(minIsr).isGreaterThanOrEqualTo(2);
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(expectedTopics());
        Map<String, String> env = env(r, r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env.get("CASTWIRE_KAFKA_BOOTSTRAP_SERVERS")).endsWith(":9092").contains("castwire-kafka-bootstrap.kafka");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("overlays")
    void environmentContract(String overlay, String renderer) throws Exception {
        Rendered r = render(overlay, renderer);
        Container c = r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = env(r, c);
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "kafka")
                .containsEntry("CASTWIRE_SCHEDULER_STORE", "jdbc")
                .containsKeys("CASTWIRE_HOME", "CASTWIRE_PUBLIC_URL", "CASTWIRE_KAFKA_BOOTSTRAP_SERVERS",
                        "CASTWIRE_S3_INGEST_BUCKET", "CASTWIRE_S3_REGION", "CASTWIRE_ROUTES_LOCATION",
                        "CASTWIRE_STORAGE_SHARED_BUCKET",
                        // from the Secret
                        "CASTWIRE_DB_USER", "CASTWIRE_DB_PASSWORD", "CASTWIRE_ADMIN_PASSWORD",
                        "CASTWIRE_S3_ACCESS_KEY", "CASTWIRE_S3_SECRET_KEY");
        assertThat(env.get("CASTWIRE_DB_URL")).startsWith("jdbc:postgresql://");
        // credentials only ever come from the Secret
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            assertThat(cm.getData().keySet()).as("ConfigMap %s", cm.getMetadata().getName())
                    .noneMatch(k -> k.matches(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY).*"));
        }
        assertThat(c.getEnv()).extracting(EnvVar::getName).noneMatch(k -> k.matches(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY).*"));
        // the routes come from the mounted ConfigMap, which is the repository's routes/
        String location = env.get("CASTWIRE_ROUTES_LOCATION");
        assertThat(location).startsWith("file:").endsWith("/*.camel.yaml");
        String dir = location.substring("file:".length(), location.length() - "/*.camel.yaml".length());
        VolumeMount mount = mountOf(c, dir + "/x.camel.yaml");
        assertThat(mount).as("CASTWIRE_ROUTES_LOCATION %s is not a mounted volume", location).isNotNull();
        assertThat(mount.getMountPath()).isEqualTo(dir);
        Volume v = volume(r.one(Deployment.class).getSpec().getTemplate().getSpec(), mount.getName());
        assertThat(v.getConfigMap()).as("volume %s", v.getName()).isNotNull();
        ConfigMap routes = r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().equals(v.getConfigMap().getName())).findFirst().orElseThrow();
        assertThat(v.getConfigMap().getItems()).as("all keys, so a new route file is mounted too").isNullOrEmpty();
        Map<String, String> expected = RoutesConfigMapTest.repositoryRoutes().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().getFileName().toString(),
                        e -> new String(e.getValue(), StandardCharsets.UTF_8)));
        assertThat(routes.getData()).as("the routes ConfigMap is the repository's routes/").isEqualTo(expected);
    }

    // ---- helpers

    static Secret secretTemplate() throws IOException {
        return (Secret) typed(Kustomize.readAll(SECRET_TEMPLATE), SECRET_TEMPLATE.toString()).get(0);
    }

    /** The backbone's topics (Handoff), with one castwire.publish.&lt;destination&gt; per Destination in the code. */
    static Set<String> expectedTopics() throws ClassNotFoundException {
        Set<String> topics = new TreeSet<>(Set.of(Handoff.EPISODES.topic(), Handoff.PUBLICATIONS.topic(),
                Handoff.DEAD_LETTER_TOPIC, Handoff.WEBHOOKS.topic()));
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(Destination.class));
        int found = 0;
        for (BeanDefinition bd : scan.findCandidateComponents("io.castwire")) {
            Class<?> type = Class.forName(bd.getBeanClassName());
            String location = type.getProtectionDomain().getCodeSource().getLocation().toString();
            if (location.contains("test-classes")) {
                continue;
            }
            String simple = type.getSimpleName();
            assertThat(simple).as("destinations are named <Name>Destination; the topic is castwire.publish.<name>")
                    .endsWith("Destination");
            String name = simple.substring(0, simple.length() - "Destination".length()).toLowerCase();
            topics.add(Handoff.destination(name, "publish-" + name + "-send").topic());
            found++;
        }
        assertThat(found).as("Destination implementations found").isGreaterThanOrEqualTo(6);
        return topics;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    /** The container's environment: envFrom (ConfigMaps of the render, the Secret template), then env. */
    static Map<String, String> env(Rendered r, Container c) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, ConfigMap> configMaps = r.all(ConfigMap.class).stream()
                .collect(Collectors.toMap(cm -> cm.getMetadata().getName(), Function.identity()));
        Secret template = secretTemplate();
        for (EnvFromSource e : c.getEnvFrom()) {
            if (e.getConfigMapRef() != null) {
                env.putAll(configMaps.get(e.getConfigMapRef().getName()).getData());
            }
            if (e.getSecretRef() != null && e.getSecretRef().getName().equals(template.getMetadata().getName())) {
                env.putAll(template.getStringData());
            }
        }
        for (EnvVar v : c.getEnv()) {
            env.put(v.getName(), v.getValue());
        }
        return env;
    }

    private static String option(String options, String prefix) {
        if (options == null) {
            return null;
        }
        return Stream.of(options.trim().split("\\s+")).filter(o -> o.startsWith(prefix))
                .map(o -> o.substring(prefix.length())).reduce((a, b) -> b).orElse(null);
    }

    /** The mount that holds path (the longest mount path that is a prefix of it). */
    private static VolumeMount mountOf(Container c, String path) {
        VolumeMount best = null;
        for (VolumeMount m : c.getVolumeMounts()) {
            String mp = m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/";
            if ((path.equals(m.getMountPath()) || path.startsWith(mp))
                    && (best == null || m.getMountPath().length() > best.getMountPath().length())) {
                best = m;
            }
        }
        return best;
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseGet(() -> fail("volumeMount %s has no volume", name));
    }

    private static int port(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseGet(() -> fail("container %s has no port named %s", c.getName(), port.getStrVal()));
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("only matchLabels are checked here").isNullOrEmpty();
        assertThat(selector.getMatchLabels()).as("a selector without labels selects everything").isNotEmpty();
        return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static Set<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        return Stream.of(values).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** src/main/resources/application.yml, read as the flat keys Spring sees (no placeholders resolved). */
    static final class ApplicationYaml {
        private static Map<String, Object> flat;

        static synchronized Object get(String key) throws IOException {
            if (flat == null) {
                flat = new HashMap<>();
                flatten("", Kustomize.readAll(Path.of("src/main/resources/application.yml")).get(0), flat);
            }
            return flat.get(key);
        }

        static int serverPort() throws IOException {
            return ((Number) get("server.port")).intValue();
        }

        private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> flatten(prefix + e.getKey() + ".", e.getValue(), out));
            } else {
                String key = prefix.substring(0, prefix.length() - 1);
                out.put(key, node.isNumber() ? node.numberValue() : node.isBoolean() ? node.booleanValue()
                        : node.isNull() ? null : node.isTextual() ? node.asText() : node);
            }
        }
    }
}
