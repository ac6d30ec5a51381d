package io.castwire.publishing.rss;

import io.castwire.common.HubPaths;
import io.castwire.common.NotFoundException;
import io.castwire.ingest.FileNames;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The public side of the podcast: {@code GET /feed.xml} (show default), {@code GET
 * /shows/{slug}/feed.xml}, and the published files under {@code /media/**} and show covers,
 * served from {@code castwire.home/public} with range requests (podcast apps seek and resume).
 */
@RestController
public class FeedResource implements WebMvcConfigurer {

    private static final MediaType RSS = MediaType.parseMediaType("application/rss+xml;charset=UTF-8");
    private final HubPaths paths;

    public FeedResource(HubPaths paths) {
        this.paths = paths;
    }

    @GetMapping("/feed.xml")
    public ResponseEntity<Resource> defaultFeed() {
        return feed(FileNames.DEFAULT_SHOW);
    }

    @GetMapping("/shows/{slug}/feed.xml")
    public ResponseEntity<Resource> feed(@PathVariable String slug) {
        if (!slug.equals(FileNames.slug(slug))) {
            throw new NotFoundException("no show '" + slug + "'");
        }
        // with shared storage another replica may have written a newer feed
        Path file = paths.fresh(paths.within(paths.publicDir(), "shows/" + slug + "/feed.xml"));
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("show '" + slug + "' has no published episodes yet");
        }
        return ResponseEntity.ok().contentType(RSS).cacheControl(CacheControl.noCache()).body(new FileSystemResource(file));
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // with shared storage a file another replica published is fetched before it is served
        registry.addResourceHandler("/media/**").addResourceLocations(paths.publicDir().resolve("media").toUri().toString())
                .resourceChain(false).addResolver(new SharedFiles(paths.publicDir().resolve("media")));
        registry.addResourceHandler("/shows/*/cover.png").addResourceLocations(paths.publicDir().resolve("shows").toUri().toString() + "")
                .resourceChain(false).addResolver(new SharedFiles(paths.publicDir().resolve("shows")));
    }

    /** Asks the shared storage (if any) for a public file missing here, then lets Spring serve it as usual. */
    private final class SharedFiles extends org.springframework.web.servlet.resource.AbstractResourceResolver {

        private final Path base;

        SharedFiles(Path base) {
            this.base = base;
        }

        @Override
        protected Resource resolveResourceInternal(jakarta.servlet.http.HttpServletRequest request, String requestPath,
                java.util.List<? extends Resource> locations, org.springframework.web.servlet.resource.ResourceResolverChain chain) {
            try {
                paths.local(paths.within(base, requestPath));
            } catch (IllegalArgumentException escaping) {
                // not below the folder: the path resolver refuses it too
            }
            return chain.resolveResource(request, requestPath, locations);
        }

        @Override
        protected String resolveUrlPathInternal(String resourceUrlPath, java.util.List<? extends Resource> locations,
                org.springframework.web.servlet.resource.ResourceResolverChain chain) {
            return chain.resolveUrlPath(resourceUrlPath, locations);
        }
    }
}
