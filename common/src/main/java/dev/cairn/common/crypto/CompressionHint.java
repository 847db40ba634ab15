package dev.cairn.common.crypto;

/**
 * CompressionHint remembers whether the blobs of one stream (a file) compress, so that a file of
 * data that does not (a video, an archive, encrypted data) costs a compression attempt on its first
 * blobs only, not on every one. After {@value #MISSES} misses in a row only every
 * {@value #RETRY_EVERY}th blob is tried, so a file whose content changes character is still
 * compressed where it can be. A stream's blobs may be sealed on several threads at once, so a hint
 * is thread-safe; what it counts is a heuristic and needs no order.
 */
public final class CompressionHint {
  static final int MISSES = 2;
  static final int RETRY_EVERY = 32;

  private int misses;
  private int skipped;

  /** Reports whether the next blob of the stream is worth a compression attempt. */
  synchronized boolean shouldTry() {
    if (misses < MISSES) {
      return true;
    }
    return ++skipped % RETRY_EVERY == 0;
  }

  /** Records whether the attempt kept the compressed form. */
  synchronized void tried(boolean kept) {
    if (kept) {
      misses = 0;
      skipped = 0;
    } else {
      misses++;
    }
  }
}
