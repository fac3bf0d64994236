package io.cityops.dispatch;

import static io.cityops.dispatch.Fixtures.MIN;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityops.events.ActionType;
import io.cityops.events.Breach;
import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.DispatchAction;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;
import io.cityops.events.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The console in a real headless Chromium against a real broker. The test plays the job: it
 * publishes incident versions to the incidents topic and checks what the console sends to the
 * dispatch-actions topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String PREFIX = "browser.";
    private Console console;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private final long now = System.currentTimeMillis();
    private Incident flooded;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        TestKafka.topics(PREFIX);
        // Already in the topic when the console starts: its view is built from them.
        Fixtures.publish(
                PREFIX,
                Fixtures.waterlogging(
                        "WL-310101-0012", Severity.MEDIUM, now - 40 * MIN, "福州路 积水 18 cm"));
        Incident breached =
                Fixtures.with(
                        Fixtures.waterlogging(
                                "WL-310101-0003",
                                Severity.HIGH,
                                now - 235 * MIN,
                                "延安东路隧道口 积水 41 cm"),
                        "310101",
                        List.of("DRAINAGE"),
                        IncidentStatus.ACKNOWLEDGED,
                        Severity.CRITICAL,
                        List.of(new Breach("ACK", now - 220 * MIN)));
        Fixtures.publish(PREFIX, breached);
        // Out of the dispatcher's scope: another district, another department.
        Fixtures.publish(
                PREFIX,
                Fixtures.with(
                        Fixtures.waterlogging(
                                "WL-310104-0001", Severity.HIGH, now - 5 * MIN, "徐汇 积水"),
                        "310104",
                        List.of("DRAINAGE"),
                        IncidentStatus.OPEN,
                        Severity.HIGH,
                        List.of()));
        Fixtures.publish(PREFIX, Fixtures.manhole("MH-310101-0044", now - 5 * MIN, "人民路 井盖打开"));
        console = Console.start(Fixtures.config(PREFIX, dir));
        driver = Browser.start(dir.resolve("chrome-profile"));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    @BeforeEach
    void signedOut() {
        driver.get(console.url() + "login");
        driver.manage().deleteAllCookies();
    }

    private void signIn(String username) {
        driver.get(console.url() + "login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlContains("/queue"));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    }

    private By row(Incident i) {
        return By.cssSelector("#queue tbody tr[data-id='" + i.id() + "']");
    }

    @Test
    @Order(1)
    void dispatcherSeesAnIncidentArriveAndAcknowledgesIt() throws Exception {
        signIn("dispatcher-07");
        assertThat(driver.findElements(By.cssSelector("#queue tbody tr"))).hasSize(2);

        flooded =
                Fixtures.waterlogging(
                        "WL-310101-0007", Severity.HIGH, now - 2 * MIN, "人民路下立交 积水 32 cm");
        Fixtures.publish(PREFIX, flooded);
        WebElement r = wait.until(ExpectedConditions.visibilityOfElementLocated(row(flooded)));
        assertThat(r.getText()).contains("人民路下立交 积水 32 cm", "OPEN", "HIGH");
        // Severity first: CRITICAL, then HIGH, then MEDIUM; out-of-scope incidents absent.
        assertThat(driver.findElements(By.cssSelector("#queue tbody tr")))
                .extracting(e -> e.getAttribute("data-id"))
                .containsExactly(
                        "WATERLOGGING:WL-310101-0003-310101:" + (now - 235 * MIN),
                        flooded.id(),
                        "WATERLOGGING:WL-310101-0012:" + (now - 40 * MIN));
        assertThat(r.findElement(By.className("countdown")).getAttribute("class"))
                .contains("green");
        Browser.screenshot(driver, "queue");

        long before = System.currentTimeMillis();
        r.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "OPEN"));
        assertThat(driver.getCurrentUrl())
                .endsWith(
                        "/incident?id=" + URLEncoder.encode(flooded.id(), StandardCharsets.UTF_8));
        driver.findElement(By.cssSelector("button[data-action='ACK']")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("action-result"), "data-state", "sent"));

        DispatchAction sent = awaitAction(flooded.id(), ActionType.ACK);
        assertThat(sent.by()).isEqualTo("dispatcher-07");
        assertThat(sent.ts()).isBetween(before, System.currentTimeMillis());

        Fixtures.publish(PREFIX, Fixtures.next(flooded, IncidentStatus.ACKNOWLEDGED));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ACKNOWLEDGED"));
        assertThat(driver.findElement(By.id("action-result")).getText())
                .isEqualTo("Now ACKNOWLEDGED (version 2).");

        // An action the job refuses comes back as a dead letter and shows on the timeline.
        DispatchAction close =
                new DispatchAction(
                        flooded.id(),
                        System.currentTimeMillis(),
                        ActionType.CLOSE,
                        "dispatcher-07",
                        null,
                        null);
        TestKafka.publish(
                PREFIX + Stream.DEAD_LETTER_TOPIC,
                null,
                Codec.encode(
                        new DeadLetter(
                                "dispatch-actions",
                                "illegal-transition",
                                "CLOSE from ACKNOWLEDGED",
                                Codec.encode(close),
                                close.ts())));
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("timeline"),
                        "CLOSE by dispatcher-07 refused by the monitor"
                                + " (illegal-transition: CLOSE from ACKNOWLEDGED)"));
        assertThat(driver.findElements(By.cssSelector("button[data-action]")))
                .extracting(e -> e.getAttribute("data-action"))
                .containsExactly("ASSIGN", "ARRIVE", "RESOLVE");
        assertThat(driver.findElement(By.id("timeline")).getText())
                .contains("opened HIGH", "ACK sent by dispatcher-07", "OPEN → ACKNOWLEDGED");
        Browser.screenshot(driver, "incident");

        driver.navigate().back();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(row(flooded), "ACKNOWLEDGED"));
    }

    @Test
    @Order(2)
    void citizenTextThatLooksLikeMarkupRendersAsText() throws Exception {
        signIn("dispatcher-07");
        Incident hostile = Fixtures.hostileHotspot(now - MIN);
        Fixtures.publish(PREFIX, hostile);
        WebElement r = wait.until(ExpectedConditions.visibilityOfElementLocated(row(hostile)));
        assertThat(r.getText()).contains("<script>alert(1)</script> 南京东路 100 号");
        assertNoInjectedMarkup();

        r.findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "OPEN"));
        assertThat(driver.findElement(By.id("title")).getText())
                .isEqualTo("<script>alert(1)</script> 南京东路 100 号 积水 ×5");
        assertThat(driver.findElement(By.id("evidence")).getText())
                .contains("SO-<img src=x onerror=alert(2)>");
        assertNoInjectedMarkup();
        Browser.screenshot(driver, "incident-citizen-text");
    }

    private void assertNoInjectedMarkup() {
        assertThatThrownBy(() -> driver.switchTo().alert())
                .isInstanceOf(NoAlertPresentException.class);
        JavascriptExecutor js = driver;
        // The console's own script is the only one; no element came from incident text.
        assertThat(js.executeScript("return document.querySelectorAll('script').length"))
                .isEqualTo(1L);
        assertThat(js.executeScript("return document.querySelectorAll('img').length"))
                .isEqualTo(0L);
    }

    @Test
    @Order(3)
    void supervisorSeesEscalationsOfTheDistrict() throws Exception {
        signIn("supervisor-310101");
        String escalation =
                "{\"incident\":\"WATERLOGGING:WL-310101-0012:"
                        + (now - 40 * MIN)
                        + "\",\"district\":\"310101\",\"kind\":\"ACK\",\"at\":"
                        + (now + 20 * MIN)
                        + ",\"severity\":\"HIGH\",\"target\":\"supervisor-310101\"}";
        TestKafka.publish(PREFIX + ConsoleConfig.ESCALATIONS_TOPIC, null, escalation);
        WebElement box =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("escalations")));
        assertThat(box.getText()).contains("ACK deadline missed", "福州路 积水 18 cm");
        // A supervisor of the district sees every department there, ROADS too.
        assertThat(driver.findElement(By.id("queue")).getText()).contains("人民路 井盖打开");
        Browser.screenshot(driver, "queue-supervisor");
    }

    @Test
    @Order(4)
    void viewerSeesNoButtonsAndItsPostIsRefused() throws Exception {
        signIn("viewer");
        driver.get(
                console.url()
                        + "incident?id="
                        + URLEncoder.encode(flooded.id(), StandardCharsets.UTF_8));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ACKNOWLEDGED"));
        assertThat(driver.findElements(By.cssSelector("button[data-action]"))).isEmpty();
        assertThat(driver.findElement(By.id("actions")).isDisplayed()).isFalse();
        Browser.screenshot(driver, "incident-viewer");

        WebClient c = new WebClient(console.url());
        c.session = driver.manage().getCookieNamed(Web.SESSION_COOKIE).getValue();
        c.csrf = driver.findElement(By.tagName("body")).getAttribute("data-csrf");
        assertThat(
                        c.post(
                                        "/api/action",
                                        Map.of(
                                                "id",
                                                flooded.id(),
                                                "action",
                                                "ASSIGN",
                                                "assignee",
                                                "x"),
                                        c.csrf)
                                .statusCode())
                .isEqualTo(403);
    }

    private static DispatchAction awaitAction(String id, ActionType type) {
        DispatchAction[] found = new DispatchAction[1];
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            for (var r :
                                    TestKafka.readAll(PREFIX + Stream.DISPATCH_ACTIONS.topic())) {
                                DispatchAction a = Codec.decodeDispatchAction(r.value()).value();
                                if (id.equals(r.key()) && a != null && a.action() == type) {
                                    found[0] = a;
                                    return true;
                                }
                            }
                            return false;
                        });
        return found[0];
    }
}
