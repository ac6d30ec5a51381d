package io.castwire.common.security;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /login}: the form the hub's pages (Hawtio, the dashboard) send a browser to. It posts
 * to {@code /login} with the session's CSRF token.
 */
@Controller
public class LoginPage {

    private final OidcProperties oidc;

    public LoginPage(org.springframework.beans.factory.ObjectProvider<OidcProperties> oidc) {
        this.oidc = oidc.getIfAvailable();
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String page(CsrfToken csrf, @RequestParam(name = "error", required = false) String error,
                       @RequestParam(name = "logout", required = false) String logout) {
        String note = error != null ? "<p class=\"error\">Wrong user name or password.</p>"
                : logout != null ? "<p>You have been logged out.</p>" : "";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>castwire: log in</title>
                <style>body{font-family:sans-serif;max-width:22em;margin:5em auto}label,input,button{display:block;width:100%%;
                margin:.3em 0}input,button{padding:.4em}.error{color:#b00}</style></head>
                <body><h1>castwire</h1>%s
                <form method="post" action="login">
                <label for="username">User</label><input id="username" name="username" autocomplete="username" autofocus>
                <label for="password">Password</label><input id="password" name="password" type="password"
                 autocomplete="current-password">
                <input name="%s" type="hidden" value="%s">
                <button id="login" type="submit">Log in</button>
                </form>%s</body></html>
                """.formatted(note, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()), singleSignOn());
    }

    /** A link to the OpenID provider when single sign-on is on ({@code castwire.oidc.*}). */
    private String singleSignOn() {
        if (oidc == null || !oidc.isEnabled()) {
            return "";
        }
        return "<p><a id=\"sso\" href=\"oauth2/authorization/" + HtmlUtils.htmlEscape(oidc.getRegistrationId()) + "\">Sign in with "
                + HtmlUtils.htmlEscape(oidc.getClientName()) + "</a></p>";
    }
}
