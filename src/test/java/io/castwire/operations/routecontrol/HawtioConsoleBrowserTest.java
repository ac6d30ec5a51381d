package io.castwire.operations.routecontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.Browser;
import io.castwire.support.HubTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person in a real Chromium: logs in through the form, opens Hawtio's Camel routes view, stops
 * and starts a destination route with CSRF protection on, and the hub records who did it. A viewer
 * sees the same table but cannot stop anything.
 */
class HawtioConsoleBrowserTest extends HubTest {

    /** The "publish-wordpress-post": the route exists whether or not WordPress is configured. */
    private static final String ROUTE = "publish-wordpress-send";

    private static void requireBrowser() {
        if (!Browser.available()) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI is set but chromium/chromedriver are missing (.ci/run installs them)");
            }
            Assumptions.abort("no chromium/chromedriver on this machine");
        }
    }

    private void logIn(Browser b, String user, String password) {
        b.logIn("http://localhost:" + port + "/actuator/hawtio/camel/routes", user, password);
    }

    private static By row(String id) {
        return By.xpath("//table//tr[td[@data-label='Name' and normalize-space(.)='" + id + "']]");
    }

    private static WebDriverWait patient(Browser b) {
        WebDriverWait w = b.waiting();
        w.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        return w;
    }

    private static String state(WebDriver d, String id) {
        return d.findElement(row(id)).findElement(By.xpath("td[@data-label='State']")).getText().trim();
    }

    private static void click(WebDriver d, WebElement e) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    private void select(Browser b, String id) {
        WebDriver d = b.driver();
        patient(b).until(x -> {
            WebElement box = x.findElement(row(id)).findElement(By.cssSelector("input[type=checkbox]"));
            if (!box.isSelected()) {
                click(x, box);
            }
            return box.isSelected();
        });
        assertThat(d.findElement(row(id)).findElement(By.cssSelector("input[type=checkbox]")).isSelected()).isTrue();
    }

    private static void press(Browser b, String label) {
        patient(b).until(x -> {
            WebElement button = x.findElements(By.tagName("button")).stream()
                    .filter(e -> e.getText().trim().equals(label)).findFirst().orElseThrow();
            if (!button.isEnabled()) {
                return false;
            }
            click(x, button);
            return true;
        });
    }

    private JsonNode recorded() throws Exception {
        return getJson("/api/routes/" + ROUTE);
    }

    /** A test step that saves what the page showed when it failed. */
    private interface Step {
        void run(Browser b) throws Exception;
    }

    private static void inBrowser(String name, Step step) throws Exception {
        try (Browser b = Browser.start()) {
            try {
                step.run(b);
            } catch (Exception | AssertionError e) {
                b.screenshot(name + "-failure");
                throw e;
            }
        }
    }

    @Test
    void anAdminStopsAndStartsADestinationRouteInHawtio() throws Exception {
        requireBrowser();
        try {
            inBrowser("hawtio-routes-admin", b -> {
                WebDriver d = b.driver();
                logIn(b, "admin", PASSWORD);
                patient(b).until(x -> state(x, ROUTE).equals("Started"));
                select(b, ROUTE);
                press(b, "Stop");
                patient(b).until(x -> state(x, ROUTE).equals("Stopped"));
                assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
                JsonNode stopped = recorded();
                assertThat(stopped.get("desiredState").asText()).isEqualTo("STOPPED");
                assertThat(stopped.get("changedBy").asText()).isEqualTo("admin");
                ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'});", d.findElement(row(ROUTE)));
                Path shot = b.screenshot("hawtio-routes");
                assertThat(Files.size(shot)).isPositive();

                select(b, ROUTE);
                press(b, "Start");
                patient(b).until(x -> state(x, ROUTE).equals("Started"));
                assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
                JsonNode started = recorded();
                assertThat(started.get("desiredState").asText()).isEqualTo("STARTED");
                assertThat(started.get("changedBy").asText()).isEqualTo("admin");
                b.screenshot("hawtio-routes-started");
            });
        } finally {
            if (!camel.getRouteController().getRouteStatus(ROUTE).isStarted()) {
                camel.getRouteController().startRoute(ROUTE);
            }
        }
    }

    @Test
    void aViewerSeesTheRoutesButCannotStopThem() throws Exception {
        requireBrowser();
        String before = recorded().path("changedAt").asText(null);
        inBrowser("hawtio-routes-viewer", b -> {
            logIn(b, "viewer", VIEWER_PASSWORD);
            patient(b).until(x -> state(x, ROUTE).equals("Started"));
            select(b, ROUTE);
            press(b, "Stop");
            // Hawtio reports the refusal ("Couldn't stop the route: 403"); the route keeps running, nothing is recorded
            patient(b).until(x -> {
                String page = x.findElement(By.tagName("body")).getText();
                return page.contains("stop the route") && page.contains("403");
            });
            b.screenshot("hawtio-routes-viewer");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Started);
            assertThat(recorded().path("changedAt").asText(null)).isEqualTo(before);
        });
    }
}
