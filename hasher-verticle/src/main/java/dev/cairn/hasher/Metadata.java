package dev.cairn.hasher;

import dev.cairn.common.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Metadata puts a restored file's permission bits and modification time back, without following
 * a link. The time goes by path ({@code utimensat}); setting it through a view that follows links
 * would open the file once more for every file restored.
 */
final class Metadata {
  private Metadata() {}

  static void apply(Path path, Node node) throws IOException {
    Files.setAttribute(path, "unix:mode", node.mode(), LinkOption.NOFOLLOW_LINKS);
    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(node.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
  }
}
