package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}; nothing is downloaded), with a fresh profile per run. Screenshots go to
 * the folder named by the system property {@code console.screenshots} (e.g. {@code docs}) when set.
 */
final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    Browser() throws IOException {
        profile = Files.createTempDirectory("meldeweg-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                "--lang=de-DE", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(executable("chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    private static String executable(String name) {
        for (String dir : List.of("/usr/bin", "/usr/lib/chromium", "/usr/local/bin")) {
            File file = new File(dir, name);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install -y chromium chromium-driver (see .ci/run)");
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Signs in through the console's form as a person would, with no session left from before. */
    void signIn(String baseUrl, String user, String password) {
        driver.manage().deleteAllCookies();
        open(baseUrl + "/console/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("#sign-in").click();
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * The element's text once it holds every part, for what a click changes: until the answer is
     * shown, the element found may be the page's before (or go stale when the form's answer or an
     * htmx swap replaces it). After ten seconds the text as it is then, for the assertion to show.
     */
    String textOnceItHas(String css, String... parts) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
                String text = d.findElement(By.cssSelector(css)).getText();
                return Arrays.stream(parts).allMatch(text::contains) ? text : null;
            });
        } catch (TimeoutException e) {
            return driver.findElements(By.cssSelector(css)).stream().findFirst().map(WebElement::getText).orElse("(no " + css + ")");
        }
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String source() {
        return driver.getPageSource();
    }

    /** No serious or critical accessibility violation (WCAG 2.1 A/AA rules of axe-core) on the page shown. */
    void assertAccessible() {
        long started = System.nanoTime();
        Results results = new AxeBuilder().setLegacyMode(true).disableIframeTesting().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")).analyze(driver);
        List<String> severe = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Browser::describe).toList();
        System.out.printf("axe-core on %s: %d ms%n", driver.getCurrentUrl(), (System.nanoTime() - started) / 1_000_000);
        assertThat(severe).as("axe-core on " + driver.getCurrentUrl()).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(3).toList();
    }

    void screenshot(String name) throws IOException {
        String folder = System.getProperty("console.screenshots");
        if (folder != null && !folder.isBlank()) {
            Files.write(Path.of(folder, "console-" + name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
