package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.Info;

/** FormatLine says in one line which format a repository has and how it stores its blobs. */
final class FormatLine {
  private FormatLine() {}

  /** For example {@code repository format 2: encrypted (aes256gcm-v1), compression auto}. */
  static String of(Info info) {
    return "repository format " + info.version() + ": " + (info.encrypted()
        ? "encrypted (" + info.encryption() + "), compression " + info.compression()
        : "plain text, not encrypted");
  }

  /** The line of the repository {@code node} serves. */
  static String of(CairnNode node) {
    return of(Requests.<Info>ask(node, Addresses.STORE_DESCRIBE, new Describe()));
  }
}
