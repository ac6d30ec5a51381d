package io.castwire.common.storage;

import io.castwire.common.HubPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

/**
 * For static handlers that serve files below home straight from disk ({@code GET /media/**}): a
 * file not found locally is looked up once more through {@link HubPaths#resolve}, which fetches
 * it from the shared bucket when shared storage is on. Without shared storage the second lookup
 * finds nothing new, as before.
 */
public class FetchingResourceResolver extends AbstractResourceResolver {

    private final HubPaths paths;
    private final String storedPrefix;

    /**
     * @param storedPrefix where the handler's location is below home, e.g. {@code public/media/}
     */
    public FetchingResourceResolver(HubPaths paths, String storedPrefix) {
        this.paths = paths;
        this.storedPrefix = storedPrefix.endsWith("/") ? storedPrefix : storedPrefix + "/";
    }

    @Override
    protected Resource resolveResourceInternal(HttpServletRequest request, String requestPath,
                                               List<? extends Resource> locations, ResourceResolverChain chain) {
        Resource found = chain.resolveResource(request, requestPath, locations);
        if (found != null || requestPath.isEmpty()) {
            return found;
        }
        try {
            paths.resolve(storedPrefix + requestPath);
        } catch (IllegalArgumentException e) {
            return null; // leaves home: not ours to fetch
        }
        return chain.resolveResource(request, requestPath, locations);
    }

    @Override
    protected String resolveUrlPathInternal(String resourceUrlPath, List<? extends Resource> locations,
                                            ResourceResolverChain chain) {
        return chain.resolveUrlPath(resourceUrlPath, locations);
    }
}
