package io.cityops.dispatch;

import static org.assertj.core.api.Assertions.fail;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's headless Chromium through its chromedriver. Both must be installed ({@code apt-get
 * install chromium chromium-driver}; {@code ./cityops test} does it): a missing browser fails the
 * test rather than skipping it, so CI cannot go green without having run it. Selenium Manager never
 * runs, since the driver's path is given, so nothing is downloaded.
 */
public final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    public static ChromeDriver start(Path profile) {
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                fail(
                        p
                                + " is missing: install Debian's chromium and chromium-driver"
                                + " (apt-get install -y chromium chromium-driver, or ./cityops test)");
            }
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=zh-CN",
                "--window-size=1360,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, o);
    }

    /** Saves a PNG of the window under target/screenshots/ and returns its path. */
    public static Path screenshot(ChromeDriver driver, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        // The whole page, not only the first screenful.
        long height =
                (Long)
                        driver.executeScript(
                                "return Math.max(document.documentElement.scrollHeight, 600)");
        driver.manage().window().setSize(new Dimension(1360, (int) Math.min(height + 120, 4000)));
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
