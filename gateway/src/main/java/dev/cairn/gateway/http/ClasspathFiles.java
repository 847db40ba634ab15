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
import java.security.CodeSource;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ClasspathFiles serves the files of one folder of the gateway's jar (the page, the webjars):
 * resources of its class path, and nothing else.
 *
 * <p>Vert.x's own static handler looks in the server's working directory before the jar, so a
 * folder of the same name there, which a restore could make, would be served instead. This reads
 * class-path resources only, and only those inside a jar or the gateway's own classes folder (a
 * class path may name the working directory too), regular files only (a folder's listing is no
 * file), and keeps each it served: the set is fixed when the jar is built, so the cache is bounded.
 */
final class ClasspathFiles {
  /** No file of the page or its libraries comes near this; a larger resource is not served. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final Path OWN_FOLDER = ownFolder();

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
    URL url = null;
    for (URL found : Collections.list(ClasspathFiles.class.getClassLoader().getResources(folder + "/" + name))) {
      if (packaged(found) && regularFile(found)) {
        url = found;
        break;
      }
    }
    if (url == null) {
      return Optional.empty();
    }
    try (InputStream in = url.openStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      return bytes.length > MAX_BYTES ? Optional.empty() : Optional.of(Buffer.buffer(bytes));
    }
  }

  /**
   * Whether {@code url} is inside a jar, or under the folder this class was loaded from (a build's
   * {@code target/classes}). A class path with an empty entry, or {@code .}, holds the working
   * directory too, and nothing there is the gateway's.
   */
  private static boolean packaged(URL url) {
    if (url.getProtocol().equals("jar")) {
      return true;
    }
    return OWN_FOLDER != null && url.getProtocol().equals("file") && fileOf(url) != null
        && fileOf(url).startsWith(OWN_FOLDER);
  }

  private static Path fileOf(URL url) {
    try {
      return Path.of(url.toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The folder this class was loaded from, or null when it came from a jar. */
  private static Path ownFolder() {
    CodeSource source = ClasspathFiles.class.getProtectionDomain().getCodeSource();
    if (source == null || !source.getLocation().getProtocol().equals("file")) {
      return null;
    }
    Path location = fileOf(source.getLocation());
    return location != null && Files.isDirectory(location) ? location : null;
  }

  private static boolean regularFile(URL url) throws IOException {
    switch (url.getProtocol()) {
      case "jar" -> {
        var entry = ((JarURLConnection) url.openConnection()).getJarEntry();
        return entry != null && !entry.isDirectory();
      }
      case "file" -> {
        Path file = fileOf(url);
        return file != null && Files.isRegularFile(file);
      }
      default -> {
        return false;
      }
    }
  }
}
