package dev.cairn.scanner;

import dev.cairn.common.tree.Node;

/**
 * ScannedEntry is what the walk learned about one directory entry before its content is read.
 *
 * @param path the absolute path, as raw bytes
 * @param node the entry's metadata (a directory's subtree and a file's chunks still to come);
 *     {@code null} if it is skipped
 * @param problem why it is left out, or {@code null}
 * @param special whether it is left out by design (a socket) rather than by failure
 * @param device the device the entry lay on, always (the node records it only for hard links), so
 *     that a hasher can tell the file it opens is the one the scan saw
 */
record ScannedEntry(byte[] path, Node node, String problem, boolean special, long device) {
  ScannedEntry(byte[] path, Node node, String problem, boolean special) {
    this(path, node, problem, special, 0);
  }

  ScannedEntry(byte[] path, Node node, String problem) {
    this(path, node, problem, false, 0);
  }
}
