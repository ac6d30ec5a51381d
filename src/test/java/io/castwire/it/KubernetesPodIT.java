package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.deploy.PodSpecs;
import io.castwire.support.HubProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub started the way the Kubernetes pod starts it (k8s/overlays/prod): the routes from
 * a ConfigMap volume laid out as the kubelet lays it out (files are symlinks into a hidden, versioned
 * folder), selected by CASTWIRE_ROUTES_LOCATION; JAVA_TOOL_OPTIONS from the Deployment; the probe
 * paths answered without a login, as the kubelet calls them; the Ingress paths not behind the login.
 * The database stays the embedded H2 and the backbone in-process: those are covered elsewhere.
 */
class KubernetesPodIT {

    private static final String PASSWORD = "k8s-pod-it-pw";

    @TempDir
    Path dir;

    @Test
    void startsOnTheMountedRoutesAndAnswersTheProbes() throws Exception {
        PodSpecs pod = PodSpecs.prod();

        // the ConfigMap volume: <mount>/..<timestamp>/<files>, <mount>/..data -> ..<timestamp>,
        // <mount>/<file> -> ..data/<file>
        Path mount = Files.createDirectories(dir.resolve("etc-castwire-routes"));
        Path version = Files.createDirectories(mount.resolve("..2026_11_21_14_00_00.000000001"));
        Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
        for (Map.Entry<String, String> route : pod.routes().entrySet()) {
            String body = route.getValue();
            if (route.getKey().equals("processing-outbox-poll.camel.yaml")) {
                // a change made only in the mounted copy: proves the jar's copy is not the one loaded
                assertThat(body).contains("uri: \"timer:processing-outbox-poll\"");
                body = body.replace("uri: \"timer:processing-outbox-poll\"", "uri: \"timer:processing-outbox-poll-mounted\"");
            }
            Files.writeString(version.resolve(route.getKey()), body, StandardCharsets.UTF_8);
            Files.createSymbolicLink(mount.resolve(route.getKey()), Path.of("..data", route.getKey()));
        }

        Map<String, String> env = new HashMap<>();
        String location = pod.env().get("CASTWIRE_ROUTES_LOCATION");
        env.put("CASTWIRE_ROUTES_LOCATION", location.replace(pod.routesMountPath(), mount.toString()));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        env.put("JAVA_TOOL_OPTIONS", pod.env().get("JAVA_TOOL_OPTIONS").replace("-Djava.io.tmpdir=/tmp", "-Djava.io.tmpdir=" + tmp));
        env.put("CASTWIRE_ADMIN_PASSWORD", PASSWORD);

        Path home = Files.createDirectories(dir.resolve("k8s").resolve("data"));
        try (HubProcess hub = new HubProcess(home, env, List.of()).start()) {
            String log = hub.log();
            assertThat(log).contains("Started processing-outbox-poll (timer://processing-outbox-poll-mounted)");
            for (String file : pod.routes().keySet()) {
                String id = file.substring(0, file.length() - ".camel.yaml".length());
                assertThat(log).as("route %s loaded from the mount", id).contains("Started " + id + " (");
            }
            // the kubelet has no credentials
            assertThat(hub.status(pod.livenessPath(), null)).isEqualTo(200);
            assertThat(hub.status(pod.readinessPath(), null)).isEqualTo(200);
            assertThat(hub.status(pod.startupPath(), null)).isEqualTo(200);
            // what the Ingress exposes is public; what it keeps inside is not
            for (String path : List.of("/feed.xml", "/shows/k8s-pod-it/feed.xml", "/media/k8s-pod-it/none.mp3")) {
                assertThat(hub.status(path, null)).as("GET %s without a login", path).isNotIn(401, 403);
            }
            assertThat(hub.status("/api/episodes", null)).isEqualTo(401);
            // the JVM's temporary files went to the volume the pod mounts at /tmp
            try (var files = Files.list(tmp)) {
                assertThat(files).as("java.io.tmpdir from JAVA_TOOL_OPTIONS").isNotEmpty();
            }
        }
    }
}
