package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.SampleTree;
import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.CredentialsFile;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, as {@code .ci/run} installs them (see {@link Browser}). It starts a backup the way a person would, and
 * leaves a screenshot in {@code target/} to look at.
 */
@DisplayName("The page, in a real browser")
class PageTest {
  static final Path SCREENSHOT = Path.of("target/page.png");
  @TempDir Path work;
  private Served api;
  private WebDriver browser;

  @BeforeEach
  void open() {
    Browser.assumeInstalled();
    api = new Served(work.resolve("repo"));
    browser = Browser.start(work, "--window-size=1400,1300");
  }

  @AfterEach
  void close() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  /** What the element shows, whatever case its style sets. */
  private String text(String id) {
    return String.valueOf(((JavascriptExecutor) browser).executeScript(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent.trim() : '';", id));
  }

  /** The paths the snapshot browser lists, read in one step so a redraw cannot interleave. */
  @SuppressWarnings("unchecked")
  private List<String> entries() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('#browser-rows tr[data-path]')].map(row => row.dataset.path);");
  }

  @Test
  @DisplayName("signs in through the form, refusing a wrong password, starts a backup of a directory, shows the job to its end, lists and browses the new snapshot, "
      + "and shows forget and prune jobs with their reports")
  void backsUpFromThePage() throws Exception {
    Path source = SampleTree.random(work.resolve("photos"), 3, 40, 256 * 1024, 8);
    Files.writeString(source.resolve("readme.txt"), "holiday pictures");
    new CredentialsFile(api.stateDir).addUser("ada", AccessRole.OPERATOR, "correct horse battery".toCharArray());
    browser.get("http://127.0.0.1:" + api.port() + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
    assertThat(browser.findElement(By.id("app")).isDisplayed()).as("the page before sign-in").isFalse();
    name.sendKeys("ada");
    browser.findElement(By.id("login-password")).sendKeys("wrong horse battery");
    browser.findElement(By.id("login-submit")).click();
    wait.until(d -> text("login-message").equals("wrong name or password"));
    browser.findElement(By.id("login-password")).clear();
    browser.findElement(By.id("login-password")).sendKeys("correct horse battery");
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("backup-path")));
    assertThat(text("who")).isEqualTo("ada (operator)");
    wait.until(d -> text("health-text").equals("ready"));
    assertThat(text("repo-location")).isEqualTo(work.resolve("repo").toString());

    browser.findElement(By.id("backup-path")).sendKeys(source.toString());
    browser.findElement(By.id("backup-start")).click();

    wait.until(d -> text("job-state").equals("succeeded"));
    String snapshot = text("job-snapshot");
    assertThat(snapshot).matches("[0-9a-f]{64}");
    assertThat(text("job-files")).isEqualTo("121 / 121");
    assertThat(browser.findElements(By.cssSelector("#job-list .job-item.succeeded"))).hasSize(1);

    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#snapshot-rows tr[data-snapshot='" + snapshot + "']")));
    assertThat(row.getText()).contains(snapshot.substring(0, 8)).contains(source.toString()).contains("121");
    wait.until(d -> text("repo-snapshots").equals("1"));

    wait.until(ExpectedConditions.attributeToBe(By.id("browser"), "data-snapshot", snapshot));
    wait.until(d -> entries().contains(source + "/readme.txt"));
    assertThat(entries()).containsExactly(source + "/dir-0", source + "/dir-1", source + "/dir-2", source + "/readme.txt");

    browser.findElement(By.cssSelector("#browser-rows tr[data-path='" + source + "/dir-1'] button")).click();
    wait.until(d -> entries().size() == 40 && entries().get(0).startsWith(source + "/dir-1/"));

    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);

    // Forget and prune have no buttons, but jobs a script starts show on the page with their reports.
    String forget = api.ended(api.post("/api/jobs", new JsonObject().put("type", "forget").put("keepLast", 1)
        .put("dryRun", true)).bodyAsJsonObject().getString("id")).getString("id");
    String prune = api.ended(api.post("/api/jobs", new JsonObject().put("type", "prune").put("dryRun", true))
        .bodyAsJsonObject().getString("id")).getString("id");
    for (String id : List.of(forget, prune)) {
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#job-list .job-item[data-job='" + id + "']")))
          .click();
      wait.until(d -> id.equals(browser.findElement(By.id("job-detail")).getAttribute("data-job"))
          && text("job-state").equals("succeeded"));
      if (id.equals(forget)) {
        assertThat(text("job-what")).isEqualTo("keep last 1 (dry run)");
        assertThat(text("job-result")).isEqualTo("1 snapshots kept, 0 would be removed (dry run).");
      } else {
        assertThat(text("job-what")).isEqualTo("unused data (dry run)");
        assertThat(text("job-result")).startsWith("0 packs would be removed, 0 repacked; ").endsWith("would free 0 B.");
      }
      assertThat(browser.findElement(By.id("job-cancel")).isDisplayed()).isFalse();
    }
    assertThat(browser.findElements(By.cssSelector("#job-list .job-item.succeeded"))).hasSize(3);
  }
}
