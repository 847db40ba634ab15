package dev.cairn.common.crypto;

/**
 * Damaged says that stored bytes failed authentication or could not be decoded: they were changed,
 * truncated, moved under another name, or written with another key. Never wrong data: whoever
 * catches it reports the object as damaged.
 */
public final class Damaged extends RuntimeException {
  public Damaged(String message) {
    super(message);
  }

  public Damaged(String message, Throwable cause) {
    super(message, cause);
  }
}
