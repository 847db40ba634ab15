package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page of another origin, in a real browser, tries to start jobs on the gateway the ways a
 * browser lets any page send a POST without asking first: {@code fetch} in {@code no-cors} mode
 * with a Blob or a text body, and {@code navigator.sendBeacon}. The page is served by a second
 * HTTP server on another port of the same host, which is another origin.
 */
@DisplayName("A page of another origin, in a real browser")
class ForeignPageTest {
  @TempDir Path work;
  private Served api;
  private HttpServer attacker;
  private WebDriver browser;

  @BeforeEach
  void open() {
    Browser.assumeInstalled();
    api = new Served(work.resolve("repo"));
    browser = Browser.start(work);
  }

  @AfterEach
  void close() {
    try {
      if (browser != null) {
        browser.quit();
      }
      if (attacker != null) {
        Served.await(attacker.close());
      }
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  private String page(int gatewayPort) {
    String target = "http://127.0.0.1:" + gatewayPort + "/api/jobs";
    String restore = new JsonObject().put("type", "restore").put("snapshot", "latest")
        .put("target", work.resolve("planted").toString()).encode();
    return "<!doctype html><title>cute cats</title><script>\n"
        + "const target = '" + target + "';\n"
        + "const check = JSON.stringify({type: 'check'});\n"
        + "const restore = '" + restore + "';\n"
        + "navigator.sendBeacon(target, new Blob([check]));\n"
        + "Promise.allSettled([\n"
        + "  fetch(target, {method: 'POST', mode: 'no-cors', body: new Blob([restore])}),\n"
        + "  fetch(target, {method: 'POST', mode: 'no-cors', body: new Blob([check], {type: 'application/json'})}),\n"
        + "  fetch(target, {method: 'POST', mode: 'no-cors', body: check}),\n"
        + "]).then(() => { document.title = 'sent'; });\n"
        + "</script>";
  }

  @Test
  @DisplayName("fires fetch no-cors with Blob and text bodies and sendBeacon at the gateway, and no job exists afterwards")
  void startsNoJob() throws Exception {
    attacker = Served.await(api.client.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "text/html").end(page(api.port()))).listen(0, "127.0.0.1"));
    try (AuditLines audit = new AuditLines()) {
      browser.get("http://127.0.0.1:" + attacker.actualPort() + "/");
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(d -> "sent".equals(((JavascriptExecutor) d).executeScript("return document.title")));
      // The three fetches are answered; the beacon goes on its own. Wait until all four are
      // answered (their audit lines) or a job shows, whichever comes first.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      JsonObject jobs = api.get("/api/jobs").bodyAsJsonObject();
      while (audit.all().size() < 4 && jobs.getJsonArray("jobs").isEmpty() && System.nanoTime() < deadline) {
        Served.await(api.client.timer(20));
        jobs = api.get("/api/jobs").bodyAsJsonObject();
      }
      assertThat(jobs.getJsonArray("jobs")).as(jobs.encode()).isEmpty();
      List<JsonObject> lines = audit.all();
      assertThat(lines).as("the page's four requests, answered").hasSize(4).allSatisfy(line -> {
        assertThat(line.getString("method")).isEqualTo("POST");
        assertThat(line.getInteger("status")).isEqualTo(403);
      });
    }
    assertThat(api.get("/api/jobs").bodyAsJsonObject().getJsonArray("jobs")).isEmpty();
    assertThat(work.resolve("planted")).doesNotExist();
  }
}
