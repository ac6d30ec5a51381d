package io.castwire.operations.dashboard;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import io.castwire.episode.EpisodeState;
import io.castwire.operations.deadletter.DeadLetterResource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The episode dashboard: {@code GET /} lists episodes (newest first, paged), {@code GET /episodes/{id}}
 * shows one (score timeline, players, captions, state timeline, dead letters), and a dead letter can be
 * replayed from there. Server-rendered with Thymeleaf (everything escaped: titles come from producers);
 * no script, no CDN. Behind the admin login like every page outside the public ones.
 */
@Controller
public class DashboardController {

    static final int PAGE_SIZE = 25;
    private static final Times TIMES = new Times();

    private final EpisodePages pages;
    private final DeadLetterResource deadLetters;

    public DashboardController(EpisodePages pages, DeadLetterResource deadLetters) {
        this.pages = pages;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/")
    public String episodes(@RequestParam(required = false) String show,
                           @RequestParam(required = false) EpisodeState state,
                           @RequestParam(defaultValue = "0") int page, Model model) {
        if (page < 0 || page > 100_000) {
            throw new IllegalArgumentException("page must be 0 or more");
        }
        String slug = show == null || show.isBlank() ? null : show;
        List<EpisodePages.Row> rows = pages.list(slug, state, PAGE_SIZE + 1, page * PAGE_SIZE);
        model.addAttribute("rows", rows.subList(0, Math.min(PAGE_SIZE, rows.size())));
        model.addAttribute("page", page);
        model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
        model.addAttribute("show", slug);
        model.addAttribute("state", state);
        model.addAttribute("states", EpisodeState.values());
        model.addAttribute("times", TIMES);
        return "dashboard/episodes";
    }

    @GetMapping("/episodes/{id}")
    public String episode(@PathVariable long id, @RequestParam(required = false) Long replayed,
                          @RequestParam(required = false) String problem, Model model) {
        model.addAttribute("p", pages.page(id));
        model.addAttribute("replayed", replayed);
        model.addAttribute("problem", problem);
        model.addAttribute("times", TIMES);
        return "dashboard/episode";
    }

    /**
     * Replays one of the episode's dead letters (the same as {@code POST /api/dead-letters/{id}/replay})
     * and goes back to the episode page, which says what happened.
     */
    @PostMapping("/episodes/{id}/dead-letters/{letter}/replay")
    public String replay(@PathVariable long id, @PathVariable long letter, Authentication who) {
        if (who == null || who.getAuthorities().stream().noneMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "replaying needs the admin role");
        }
        try {
            deadLetters.replay(letter, who);
            return "redirect:/episodes/" + id + "?replayed=" + letter;
        } catch (ConflictException | NotFoundException e) {
            return "redirect:/episodes/" + id + "?problem=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8);
        }
    }
}
