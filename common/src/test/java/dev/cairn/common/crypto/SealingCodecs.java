package dev.cairn.common.crypto;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * SealingCodecs makes the encrypted codecs the tests seal and open blobs with, and restates the
 * stored format, so that a test can forge a blob the codec itself would never write.
 */
final class SealingCodecs {
  private SealingCodecs() {}

  static BlobCodec sealing(MasterKey key, Compression compression) {
    return BlobCodec.encrypted(key, compression);
  }

  /** The associated data of blob {@code id}, as the format documents it: "cairn blob v1" | type | id. */
  static byte[] blobAd(BlobType type, ChunkId id) {
    byte[] prefix = "cairn blob v1".getBytes(StandardCharsets.US_ASCII);
    byte[] ad = new byte[prefix.length + 1 + ChunkId.LENGTH];
    System.arraycopy(prefix, 0, ad, 0, prefix.length);
    ad[prefix.length] = (byte) type.ordinal();
    id.copyTo(ad, prefix.length + 1);
    return ad;
  }

  /** A stored form of blob {@code id} whose sealed plain text is {@code encoding | body}, with {@code key}'s cipher. */
  static byte[] forge(MasterKey key, BlobType type, ChunkId id, int encoding, byte[] body) {
    return new Aead(key.derive(MasterKey.CIPHER)).seal(blobAd(type, id), new byte[] {(byte) encoding},
        ByteBuffer.wrap(body));
  }

  static ChunkId randomId(SplittableRandom random) {
    byte[] bytes = new byte[ChunkId.LENGTH];
    random.nextBytes(bytes);
    return ChunkId.of(bytes);
  }

  /** The name a Damaged message gives blob {@code id}: its type and short id. */
  static String name(BlobType type, ChunkId id) {
    return type.name().toLowerCase(java.util.Locale.ROOT) + " blob " + id.shortHex();
  }

  /** English-like text: words of a small vocabulary with spaces and punctuation, as logs and documents are. */
  static byte[] text(SplittableRandom random, int length) {
    String[] words = ("the of and to in is that for it as was with be by on not he this are or his from at which "
        + "but have an they you were her she there been one all we their has would when if so no what more out "
        + "backup repository snapshot restore file directory chunk index pack blob key password server client "
        + "error written read stored changed time size user host data content tree node store hash").split(" ");
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      text.append(words[random.nextInt(words.length)]);
      int r = random.nextInt(20);
      text.append(r == 0 ? ". " : r == 1 ? ", " : r == 2 ? "\n" : " ");
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(bytes, length);
  }
}
