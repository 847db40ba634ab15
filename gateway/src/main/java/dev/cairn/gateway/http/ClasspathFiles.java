package dev.cairn.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ClasspathFiles serves the files of one folder of the gateway's jar (the page, the webjars):
 * resources of its class path, and nothing else.
 *
 * <p>Vert.x's own static handler looks in the server's working directory before the jar, so a
 * folder of the same name there, which a restore could make, would be served instead. This reads
 * class-path resources only, regular files only (a folder's listing is no file), and keeps each it
 * served: the set is fixed when the jar is built, so the cache is bounded.
 */
final class ClasspathFiles {
  /** No file of the page or its libraries comes near this; a larger resource is not served. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private final Vertx vertx;
  private final String folder;
  private final String mount;
  private final String cacheControl;
  private final Map<String, Optional<Buffer>> served = new ConcurrentHashMap<>();

  /**
   * Serves resources under {@code folder} at the paths under {@code mount} (ending in '/'),
   * with {@code cacheControl}; a path ending in '/' serves its {@code index.html}.
   */
  ClasspathFiles(Vertx vertx, String folder, String mount, String cacheControl) {
    this.vertx = vertx;
    this.folder = folder;
    this.mount = mount;
    this.cacheControl = cacheControl;
  }

  void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!path.startsWith(mount)) {
      ctx.next();
      return;
    }
    String name = URLDecoder.decode(path.substring(mount.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    if (name.isEmpty() || name.endsWith("/")) {
      name += "index.html";
    }
    String resource = name;
    Optional<Buffer> known = served.get(resource);
    if (known != null) {
      answer(ctx, resource, known);
      return;
    }
    vertx.executeBlocking(() -> read(resource), false).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
        return;
      }
      if (done.result().isPresent()) {
        served.put(resource, done.result());
      }
      answer(ctx, resource, done.result());
    });
  }

  private void answer(RoutingContext ctx, String name, Optional<Buffer> file) {
    if (file.isEmpty()) {
      ctx.next(); // no such file: the router answers 404
      return;
    }
    String type = MimeMapping.mimeTypeForFilename(name);
    type = type == null ? "application/octet-stream"
        : type.startsWith("text/") || type.endsWith("javascript") || type.endsWith("json") || type.endsWith("svg+xml")
            ? type + ";charset=UTF-8" : type;
    ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", cacheControl)
        .putHeader("X-Content-Type-Options", "nosniff").end(file.get());
  }

  /** The resource {@code name} under the folder, if it is a regular file of the class path. */
  private Optional<Buffer> read(String name) throws IOException {
    if (name.startsWith("/") || name.contains("//") || name.contains("\\") || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    URL url = ClasspathFiles.class.getClassLoader().getResource(folder + "/" + name);
    if (url == null || !regularFile(url)) {
      return Optional.empty();
    }
    try (InputStream in = url.openStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      return bytes.length > MAX_BYTES ? Optional.empty() : Optional.of(Buffer.buffer(bytes));
    }
  }

  private static boolean regularFile(URL url) throws IOException {
    switch (url.getProtocol()) {
      case "jar" -> {
        var entry = ((JarURLConnection) url.openConnection()).getJarEntry();
        return entry != null && !entry.isDirectory();
      }
      case "file" -> {
        try {
          return Files.isRegularFile(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          return false;
        }
      }
      default -> {
        return false;
      }
    }
  }
}
