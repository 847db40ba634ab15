package dev.cairn.gateway.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Browser starts the headless Chromium the browser tests drive, through chromedriver: Debian's, as
 * {@code .ci/run} installs them. Where they are missing, a browser test is skipped, loudly; with
 * {@code -Dcairn.browser.required=true}, as CI runs, it fails instead.
 */
final class Browser {
  /** Chromium, Debian's unless {@code -Dcairn.chromium=PATH} names another. */
  static final Path CHROMIUM = Path.of(System.getProperty("cairn.chromium", "/usr/bin/chromium"));
  /** chromedriver, Debian's unless {@code -Dcairn.chromedriver=PATH} names another. */
  static final Path CHROMEDRIVER = Path.of(System.getProperty("cairn.chromedriver", "/usr/bin/chromedriver"));
  /** The system property that makes a missing browser a failure rather than a skip. */
  static final String REQUIRED = "cairn.browser.required";
  /** Selenium warns that Debian's Chromium is newer than the DevTools versions it knows; plain WebDriver needs none. */
  private static final Logger CDP = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP.setLevel(Level.SEVERE);
  }

  private Browser() {}

  /**
   * Skips the calling test, saying what is missing and how to install it, unless Chromium and
   * chromedriver are installed; fails it instead when {@value #REQUIRED} is set.
   */
  static void assumeInstalled() {
    List<String> missing = new ArrayList<>();
    for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(program)) {
        missing.add(program.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String message = "browser test needs Chromium and chromedriver, missing: " + String.join(", ", missing)
        + "; install them with `apt-get install chromium chromium-driver` (as .ci/run does)";
    if (Boolean.getBoolean(REQUIRED)) {
      throw new AssertionError(message + " (" + REQUIRED + " is set, so this fails instead of skipping)");
    }
    System.err.println("SKIPPED: " + message);
    assumeTrue(false, message);
  }

  /** A headless Chromium whose profile lives under {@code work}, with {@code more} arguments. */
  static WebDriver start(Path work, String... more) {
    assumeInstalled();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + work.resolve("chromium-profile")).addArguments(more);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
