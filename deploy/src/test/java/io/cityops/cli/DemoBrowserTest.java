package io.cityops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.dispatch.Browser;
import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's story on the real demo: the broker, the job, the simulator (an elevator
 * entrapment at 30 times real time) and the console, all as {@code ./cityops demo} starts them. A
 * dispatcher signs in with the password the demo printed, sees the entrapment arrive, acknowledges
 * it, assigns the rescue team and reports arrival; the elevator frees itself (the job resolves the
 * incident); the dispatcher verifies and closes it. Every step is a dispatch action the job applies
 * in event time: the browser only ever shows what came back on the incidents topic.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DemoBrowserTest {

    @Test
    void dispatcherTakesAnEntrapmentFromOpenToClosedInTheBrowser(@TempDir Path dir)
            throws Exception {
        Demo.Options options =
                new Demo.Options(
                        "elevator-entrapment", 30, 300, dir.resolve("demo"), 0, 0, 0, 0, 20260723L);
        try (Demo.Running demo = Demo.start(options)) {
            ChromeDriver driver = Browser.start(dir.resolve("profile"));
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(150));
                String url = demo.console.url();
                driver.get(url + "login");
                driver.findElement(By.id("username")).sendKeys("dispatcher");
                driver.findElement(By.id("password")).sendKeys(demo.passwords.get("dispatcher"));
                driver.findElement(By.id("sign-in")).click();
                wait.until(ExpectedConditions.urlContains("/queue"));

                // The first entrapment opens 35 city minutes in: 70 s at 30x.
                By entrapment = By.cssSelector("#queue tbody tr[data-id^='ELEVATOR_ENTRAPMENT:']");
                WebElement row =
                        wait.until(ExpectedConditions.visibilityOfElementLocated(entrapment));
                String id = row.getAttribute("data-id");
                assertThat(row.getText()).contains("OPEN", "CRITICAL");
                Browser.screenshot(driver, "demo-queue");
                row.findElement(By.tagName("a")).click();
                wait.until(ExpectedConditions.textToBe(By.id("status"), "OPEN"));

                // The elevator reports the passenger out 25 city minutes after it stuck, and the
                // job resolves the incident itself: the steps on the way race that, as on a real
                // shift, so the later ones are taken only while the incident is still open.
                List<String> done = new ArrayList<>();
                if (act(driver, wait, "ACK", IncidentStatus.ACKNOWLEDGED)) {
                    done.add("ACK by dispatcher");
                    driver.findElement(By.id("assignee")).sendKeys("静安区电梯应急救援队");
                    if (act(driver, wait, "ASSIGN", IncidentStatus.ASSIGNED)) {
                        done.add("ASSIGN by dispatcher");
                        if (act(driver, wait, "ARRIVE", IncidentStatus.ON_SITE)) {
                            done.add("ARRIVE by dispatcher");
                        }
                    }
                }
                assertThat(done).as("the acknowledgement beat the elevator").isNotEmpty();
                wait.until(ExpectedConditions.textToBe(By.id("status"), "RESOLVED"));
                // Only a person closes (核查结案).
                wait.until(
                                ExpectedConditions.elementToBeClickable(
                                        By.cssSelector("button[data-action='CLOSE']")))
                        .click();
                wait.until(ExpectedConditions.textToBe(By.id("status"), "CLOSED"));
                assertThat(driver.findElements(By.cssSelector("button[data-action]")))
                        .as("a closed incident can only be re-opened")
                        .extracting(b -> b.getAttribute("data-action"))
                        .containsExactly("REOPEN");
                assertThat(driver.findElement(By.id("timeline")).getText())
                        .contains("ACK sent by dispatcher", "CLOSE sent by dispatcher");
                Browser.screenshot(driver, "demo-incident-closed");

                // What the job wrote: the lifecycle in order, with who did what, at city time.
                Incident last = latest(demo.kafka.bootstrap(), id);
                assertThat(last.status()).isEqualTo(IncidentStatus.CLOSED);
                List<String> expected = new ArrayList<>();
                expected.add("OPEN by system");
                expected.addAll(done);
                expected.add("RESOLVE by system");
                expected.add("CLOSE by dispatcher");
                assertThat(last.timeline())
                        .extracting(e -> e.action() + " by " + e.by())
                        .containsSubsequence(expected);
                if (done.size() > 1) {
                    assertThat(last.assignee()).isEqualTo("静安区电梯应急救援队");
                }
                assertThat(last.ackBy()).as("the job set the acknowledge deadline").isNotNull();
                // Actions carry the city's time, not the wall clock: 2026-07-23 in the scenario.
                assertThat(last.updatedAt()).isBetween(1784764800000L, 1784851200000L);

                // The operations centre's boards read what the demo's influxd holds.
                assertThat(demo.influx)
                        .as("the demo's InfluxDB (./cityops test installs Debian's influxdb)")
                        .isNotNull();
                assertThat(entrapmentsOpenedInInflux(demo.influx.url()))
                        .as("incidents_opened for ELEVATOR_ENTRAPMENT in InfluxDB")
                        .isPositive();
            } finally {
                driver.quit();
            }
        }
    }

    /**
     * Clicks an action's button and waits until the job's next version shows its status: true;
     * false if the job resolved the incident first (the action then comes back refused).
     */
    private static boolean act(
            ChromeDriver driver, WebDriverWait wait, String action, IncidentStatus expect) {
        By button = By.cssSelector("button[data-action='" + action + "']");
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
        wait.until(
                ExpectedConditions.or(
                        ExpectedConditions.textToBe(By.id("status"), expect.name()),
                        ExpectedConditions.textToBe(By.id("status"), "RESOLVED")));
        return driver.findElement(By.id("status")).getText().equals(expect.name());
    }

    /** Polls InfluxDB until the entrapment's minute has been written (the watermark passed it). */
    private static long entrapmentsOpenedInInflux(String url) throws InterruptedException {
        try (InfluxDB influx = InfluxDBFactory.connect(url)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                QueryResult r =
                        influx.query(
                                new Query(
                                        "SELECT sum(\"count\") FROM \"incidents_opened\""
                                                + " WHERE \"rule\" = 'ELEVATOR_ENTRAPMENT'",
                                        Demo.INFLUX_DB));
                var series =
                        r.getResults() == null || r.getResults().isEmpty()
                                ? null
                                : r.getResults().get(0).getSeries();
                if (series != null && !series.isEmpty()) {
                    return Math.round(
                            ((Number) series.get(0).getValues().get(0).get(1)).doubleValue());
                }
                Thread.sleep(1000);
            }
            return 0;
        }
    }

    private static Incident latest(String bootstrap, String id) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Incident> latest = new HashMap<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var parts =
                    c.partitionsFor(Stream.INCIDENTS_TOPIC).stream()
                            .map(
                                    i ->
                                            new org.apache.kafka.common.TopicPartition(
                                                    i.topic(), i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    Incident i = Codec.decodeIncident(r.value()).value();
                    if (i != null && i.id().equals(id)) {
                        latest.merge(id, i, (a, b) -> b.version() > a.version() ? b : a);
                    }
                }
            }
        }
        assertThat(latest).containsKey(id);
        return latest.get(id);
    }
}
