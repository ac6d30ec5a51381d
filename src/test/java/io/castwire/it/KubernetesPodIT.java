package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castwire.deploy.PodSpecs;
import io.castwire.support.HubProcess;
import io.castwire.support.S3Server;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestKafka;
import io.castwire.support.TestMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged hub started the way the Kubernetes pod starts it (k8s/overlays/prod): the routes from
 * a ConfigMap volume laid out as the kubelet lays it out (files are symlinks into a hidden, versioned
 * folder), selected by CASTWIRE_ROUTES_LOCATION; JAVA_TOOL_OPTIONS from the Deployment; the probe
 * paths answered without a login, as the kubelet calls them; the Ingress paths not behind the login.
 * The first test keeps the embedded H2 and the in-process backbone; the second runs the pod's whole
 * environment on PostgreSQL, Kafka and S3.
 */
class KubernetesPodIT {

    private static final String PASSWORD = "k8s-pod-it-pw";

    @TempDir
    Path dir;

    @Test
    void startsOnTheMountedRoutesAndAnswersTheProbes() throws Exception {
        PodSpecs pod = PodSpecs.prod();

        Path mount = mountRoutes(pod, true);

        Map<String, String> env = new HashMap<>();
        String location = pod.env().get("CASTWIRE_ROUTES_LOCATION");
        env.put("CASTWIRE_ROUTES_LOCATION", location.replace(pod.routesMountPath(), mount.toString()));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        env.put("JAVA_TOOL_OPTIONS", javaToolOptions(pod, tmp));
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

    /**
     * Every variable the pod gets, with only the addresses and credentials swapped for this machine's
     * (PostgreSQL schema, the test JVM's Kafka broker, s3proxy): profile kafka, the clustered
     * scheduler, S3 ingest and the mounted routes together take an episode from the bucket into the
     * feed, whose enclosure is served on an Ingress path.
     */
    @Test
    void theWholePodEnvironmentTakesAnEpisodeFromS3ThroughKafkaIntoTheFeed() throws Exception {
        PodSpecs pod = PodSpecs.prod();
        String schema = TestDatabases.newSchemaName();
        TestDatabases.postgres(schema).close();
        String bucket = S3Server.shared().newBucket("it-k8s");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path mount = mountRoutes(pod, false);

        Map<String, String> env = new HashMap<>(pod.env());
        Map<String, String> swapped = Map.ofEntries(
                Map.entry("CASTWIRE_HOME", dir.resolve("pod").resolve("data").toString()),
                Map.entry("CASTWIRE_DB_URL", TestDatabases.POSTGRES_URL + "?currentSchema=" + schema),
                Map.entry("CASTWIRE_DB_USER", TestDatabases.POSTGRES_USER),
                Map.entry("CASTWIRE_DB_PASSWORD", ""),
                Map.entry("CASTWIRE_ADMIN_PASSWORD", PASSWORD),
                Map.entry("CASTWIRE_KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers()),
                Map.entry("CASTWIRE_S3_INGEST_BUCKET", bucket),
                Map.entry("CASTWIRE_STORAGE_SHARED_BUCKET", bucket),
                Map.entry("CASTWIRE_S3_ACCESS_KEY", S3Server.ACCESS_KEY),
                Map.entry("CASTWIRE_S3_SECRET_KEY", S3Server.SECRET_KEY),
                Map.entry("CASTWIRE_ROUTES_LOCATION", pod.env().get("CASTWIRE_ROUTES_LOCATION").replace(pod.routesMountPath(), mount.toString())));
        assertThat(env).as("the test swaps only variables the pod has").containsKeys(swapped.keySet().toArray(String[]::new));
        env.putAll(swapped);
        env.put("JAVA_TOOL_OPTIONS", javaToolOptions(pod, tmp));
        // an S3-compatible store instead of AWS, and quicker timings for the test
        env.put("CASTWIRE_S3_ENDPOINT", S3Server.shared().endpoint());
        env.put("CASTWIRE_S3_FORCE_PATH_STYLE", "true");
        env.put("CASTWIRE_S3_INGEST_POLL_INTERVAL", "300ms");
        env.put("CASTWIRE_INGEST_TRANSCRIPT_WAIT", "0s");
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "kafka").containsEntry("CASTWIRE_SCHEDULER_STORE", "jdbc");

        Path home = Path.of(env.get("CASTWIRE_HOME"));
        try (S3Client s3 = S3Server.shared().client();
             HubProcess hub = new HubProcess(Files.createDirectories(home), env, List.of()).start()) {
            String log = hub.log();
            assertThat(log).as("profile kafka").contains("Started processing-episode-run (kafka://castwire.episodes)");
            assertThat(log).as("Quartz on the database, clustered").contains("is clustered");
            assertThat(hub.status(pod.readinessPath(), null)).isEqualTo(200);

            Path mp3 = TestMedia.mp3(3);
            s3.putObject(r -> r.bucket(bucket).key("inbox/k8s-show/pilot.mp3"), RequestBody.fromFile(mp3));
            String[] feed = new String[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                feed[0] = hub.status("/shows/k8s-show/feed.xml", null) == 200 ? hub.get("/shows/k8s-show/feed.xml", null) : "";
                return feed[0].contains("<item>");
            });
            Matcher enclosure = Pattern.compile("<enclosure url=\"" + Pattern.quote(env.get("CASTWIRE_PUBLIC_URL"))
                    + "(/media/[^\"]+)\" length=\"(\\d+)\"").matcher(feed[0]);
            assertThat(enclosure.find()).as("enclosure on CASTWIRE_PUBLIC_URL in %s", feed[0]).isTrue();
            assertThat(Long.parseLong(enclosure.group(2))).isEqualTo(Files.size(mp3));
            assertThat(hub.status(enclosure.group(1), null)).as("the enclosure, on the Ingress's /media").isEqualTo(200);
            // media and the feed shared with the other replicas through the bucket, below the prefix
            String prefix = env.get("CASTWIRE_STORAGE_SHARED_PREFIX");
            await().atMost(Duration.ofSeconds(30)).until(() -> s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents()
                    .stream().map(o -> o.key()).toList(), keys -> keys.contains(prefix + "public/shows/k8s-show/feed.xml")
                    && keys.stream().anyMatch(k -> k.startsWith(prefix + "media/k8s-show/")));
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    /**
     * The routes ConfigMap as the kubelet mounts it: {@code <mount>/..<timestamp>/<files>},
     * {@code <mount>/..data -> ..<timestamp>}, {@code <mount>/<file> -> ..data/<file>}.
     */
    private Path mountRoutes(PodSpecs pod, boolean markProcessingOutbox) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("etc-castwire-routes"));
        Path version = Files.createDirectories(mount.resolve("..2026_11_21_14_00_00.000000001"));
        Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
        for (Map.Entry<String, String> route : pod.routes().entrySet()) {
            String body = route.getValue();
            if (markProcessingOutbox && route.getKey().equals("processing-outbox-poll.camel.yaml")) {
                // a change made only in the mounted copy: proves the jar's copy is not the one loaded
                assertThat(body).contains("uri: \"timer:processing-outbox-poll\"");
                body = body.replace("uri: \"timer:processing-outbox-poll\"", "uri: \"timer:processing-outbox-poll-mounted\"");
            }
            Files.writeString(version.resolve(route.getKey()), body, StandardCharsets.UTF_8);
            Files.createSymbolicLink(mount.resolve(route.getKey()), Path.of("..data", route.getKey()));
        }
        return mount;
    }

    private String javaToolOptions(PodSpecs pod, Path tmp) {
        String options = pod.env().get("JAVA_TOOL_OPTIONS");
        assertThat(options).contains("-Djava.io.tmpdir=/tmp");
        return options.replace("-Djava.io.tmpdir=/tmp", "-Djava.io.tmpdir=" + tmp);
    }
}
