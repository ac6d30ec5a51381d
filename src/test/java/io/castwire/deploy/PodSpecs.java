package io.castwire.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/**
 * What a castwire pod of an overlay gets, for process-level tests that start the jar the same way
 * (KubernetesPodIT): its environment (ConfigMap, the Secret template, env), the routes ConfigMap and
 * where it is mounted, and the probe paths.
 */
public record PodSpecs(Map<String, String> env, Map<String, String> routes, String routesMountPath,
        String livenessPath, String readinessPath, String startupPath) {

    /** The pod of k8s/overlays/prod, rendered by {@link Kustomize}. */
    public static PodSpecs prod() throws Exception {
        KubernetesManifestsTest.Rendered r = KubernetesManifestsTest.render("prod", "java");
        PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        Volume routesVolume = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(routesVolume.getName()))
                .findFirst().orElseThrow();
        ConfigMap routes = r.all(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().equals(routesVolume.getConfigMap().getName())).findFirst().orElseThrow();
        return new PodSpecs(KubernetesManifestsTest.env(r, c), routes.getData(), mount.getMountPath(),
                c.getLivenessProbe().getHttpGet().getPath(), c.getReadinessProbe().getHttpGet().getPath(),
                c.getStartupProbe().getHttpGet().getPath());
    }
}
