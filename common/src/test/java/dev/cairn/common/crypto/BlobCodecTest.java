package dev.cairn.common.crypto;

import static dev.cairn.common.crypto.SealingCodecs.forge;
import static dev.cairn.common.crypto.SealingCodecs.name;
import static dev.cairn.common.crypto.SealingCodecs.randomId;
import static dev.cairn.common.crypto.SealingCodecs.sealing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BlobCodec")
class BlobCodecTest {
  private static final MasterKey KEY = MasterKey.generate();
  private static final SplittableRandom RANDOM = new SplittableRandom(42);

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static int storedSize(BlobCodec codec, byte[] plain, CompressionHint hint) {
    return codec.seal(BlobType.DATA, randomId(RANDOM), ByteBuffer.wrap(plain), hint).remaining();
  }

  private static byte[] open(BlobCodec codec, BlobType type, ChunkId id, byte[] stored, int length) {
    ByteBuffer into = ByteBuffer.allocate(length);
    codec.open(type, id, ByteBuffer.wrap(stored), into);
    return into.array();
  }

  @Test
  @DisplayName("English-like text under auto is stored in less than 40% of its size, and opens")
  void textCompresses() {
    BlobCodec codec = sealing(KEY, Compression.auto());
    byte[] text = SealingCodecs.text(RANDOM, 1 << 20);
    ChunkId id = randomId(RANDOM);
    ByteBuffer stored = codec.seal(BlobType.DATA, id, ByteBuffer.wrap(text), null);
    assertThat(stored.remaining()).isLessThan(text.length * 40 / 100);
    byte[] bytes = new byte[stored.remaining()];
    stored.get(bytes);
    assertThat(open(codec, BlobType.DATA, id, bytes, text.length)).isEqualTo(text);
  }

  @Test
  @DisplayName("Random data under auto and max is stored as it is, with exactly nonce, tag and one encoding byte added")
  void randomIsStoredRaw() {
    for (Compression compression : new Compression[] {Compression.auto(), Compression.parse("max"), Compression.off()}) {
      for (int length : new int[] {0, 1, 63, 64, 4096, 1 << 20}) {
        assertThat(storedSize(sealing(KEY, compression), random(length), null)).as("%s, %d bytes", compression, length)
            .isEqualTo(length + Aead.OVERHEAD + 1);
      }
    }
  }

  @Test
  @DisplayName("A zstd frame that claims more content than the blob's length is refused as Damaged before it is inflated")
  void decompressionBombRefused() {
    BlobCodec codec = sealing(KEY, Compression.auto());
    ChunkId id = randomId(RANDOM);
    byte[] bomb = Zstd.compress(new byte[64 << 20], 3);
    assertThat(bomb.length).isLessThan(4096);
    byte[] stored = forge(KEY, BlobType.DATA, id, BlobCodec.ZSTD, bomb);
    ByteBuffer into = ByteBuffer.allocate(4096);
    assertThatThrownBy(() -> codec.open(BlobType.DATA, id, ByteBuffer.wrap(stored), into))
        .isInstanceOf(Damaged.class)
        .hasMessage(name(BlobType.DATA, id) + " does not decompress to its length (4096 bytes; the frame says "
            + (64 << 20) + ")");
    assertThat(into.position()).isZero();
  }

  @Test
  @DisplayName("A zstd frame that states no content size, or less, or is not zstd, is refused as Damaged")
  void framesWithoutTheRightSizeRefused() throws IOException {
    BlobCodec codec = sealing(KEY, Compression.auto());
    ChunkId id = randomId(RANDOM);
    byte[] content = SealingCodecs.text(RANDOM, 8192);
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    try (ZstdOutputStream out = new ZstdOutputStream(streamed)) {
      out.write(content);
    }
    byte[] smaller = Zstd.compress(Arrays.copyOf(content, 8000), 3);
    byte[] notZstd = random(100);
    // A frame of exactly the blob's length followed by a second frame of 64 MiB: zstd stops at
    // the end of the room the blob has.
    byte[] exact = Zstd.compress(content, 3);
    byte[] trailer = Zstd.compress(new byte[64 << 20], 3);
    byte[] twoFrames = Arrays.copyOf(exact, exact.length + trailer.length);
    System.arraycopy(trailer, 0, twoFrames, exact.length, trailer.length);
    for (byte[] body : new byte[][] {streamed.toByteArray(), smaller, notZstd, new byte[0], twoFrames}) {
      byte[] stored = forge(KEY, BlobType.TREE, id, BlobCodec.ZSTD, body);
      assertThatThrownBy(() -> open(codec, BlobType.TREE, id, stored, content.length))
          .isInstanceOf(Damaged.class).hasMessageStartingWith(name(BlobType.TREE, id) + " does not decompress");
    }
    byte[] unknownEncoding = forge(KEY, BlobType.TREE, id, 7, content);
    assertThatThrownBy(() -> open(codec, BlobType.TREE, id, unknownEncoding, content.length))
        .isInstanceOf(Damaged.class).hasMessage(name(BlobType.TREE, id) + " has unknown encoding 7");
    byte[] shortRaw = forge(KEY, BlobType.TREE, id, BlobCodec.RAW, Arrays.copyOf(content, 100));
    assertThatThrownBy(() -> open(codec, BlobType.TREE, id, shortRaw, content.length))
        .isInstanceOf(Damaged.class).hasMessage(name(BlobType.TREE, id) + " holds 100 bytes, not its 8192");
    byte[] empty = new Aead(KEY.derive(MasterKey.CIPHER)).seal(SealingCodecs.blobAd(BlobType.TREE, id), new byte[0]);
    assertThatThrownBy(() -> open(codec, BlobType.TREE, id, empty, content.length))
        .isInstanceOf(Damaged.class).hasMessage(name(BlobType.TREE, id) + " has no encoding byte");
  }

  @Test
  @DisplayName("After two blobs of a stream miss, only every 32nd is tried, and a hit makes every one tried again")
  void hintSkipsAStreamThatDoesNotCompress() {
    BlobCodec codec = sealing(KEY, Compression.auto());
    byte[] text = SealingCodecs.text(RANDOM, 4096);
    int raw = text.length + Aead.OVERHEAD + 1;
    CompressionHint hint = new CompressionHint();
    storedSize(codec, random(4096), hint);
    storedSize(codec, random(4096), hint);
    // Blobs 3 to 33 of the stream are not tried: even text is stored raw.
    for (int blob = 3; blob <= 33; blob++) {
      assertThat(storedSize(codec, text, hint)).as("blob %d", blob).isEqualTo(raw);
    }
    assertThat(storedSize(codec, text, hint)).as("blob 34").isLessThan(raw);
    // The hit reset the hint: the text after two new misses is tried, the one after them is not.
    assertThat(storedSize(codec, text, hint)).isLessThan(raw);
    storedSize(codec, random(4096), hint);
    storedSize(codec, random(4096), hint);
    assertThat(storedSize(codec, text, hint)).isEqualTo(raw);
    assertThat(storedSize(codec, text, null)).as("no hint tries every blob").isLessThan(raw);
  }

  @Test
  @DisplayName("The hint tries a blob only on every 32nd attempt after misses, for as long as they miss")
  void hintCounts() {
    CompressionHint hint = new CompressionHint();
    StringBuilder tried = new StringBuilder();
    for (int attempt = 1; attempt <= 100; attempt++) {
      if (hint.shouldTry()) {
        tried.append(attempt).append(' ');
        hint.tried(false);
      }
    }
    assertThat(tried.toString()).isEqualTo("1 2 34 66 98 ");
    hint.tried(true);
    assertThat(hint.shouldTry()).isTrue();
  }

  @Test
  @DisplayName("An index file opened as a snapshot, or a snapshot as a pack trailer, is Damaged, named as the caller said")
  void fileOfAnotherKind() {
    BlobCodec codec = sealing(KEY, Compression.auto());
    byte[] index = codec.sealFile(BlobCodec.FileKind.INDEX, random(500));
    assertThatThrownBy(() -> codec.openFile(BlobCodec.FileKind.SNAPSHOT, index, "snapshot 5e1f00aa"))
        .isInstanceOf(Damaged.class)
        .hasMessage("snapshot 5e1f00aa failed authentication: it was damaged or altered, or belongs elsewhere");
    byte[] snapshot = codec.sealFile(BlobCodec.FileKind.SNAPSHOT, random(500));
    assertThatThrownBy(() -> codec.openFile(BlobCodec.FileKind.PACK_TRAILER, snapshot, "pack 77aa0011"))
        .isInstanceOf(Damaged.class).hasMessageStartingWith("pack 77aa0011");
  }

  @Test
  @DisplayName("A file sealed on a machine whose locale is Turkish opens on any other, and the reverse")
  void fileKindsDoNotDependOnTheLocale() {
    BlobCodec codec = sealing(KEY, Compression.auto());
    byte[] content = random(1000);
    Locale before = Locale.getDefault();
    byte[][] sealedInTurkish = new byte[BlobCodec.FileKind.values().length][];
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      for (BlobCodec.FileKind kind : BlobCodec.FileKind.values()) {
        sealedInTurkish[kind.ordinal()] = codec.sealFile(kind, content);
      }
    } finally {
      Locale.setDefault(before);
    }
    for (BlobCodec.FileKind kind : BlobCodec.FileKind.values()) {
      assertThat(codec.openFile(kind, sealedInTurkish[kind.ordinal()], kind.name())).isEqualTo(content);
    }
  }

  @Test
  @DisplayName("The plain-text codec stores a blob as it is and refuses one of another length, naming it")
  void plainCodec() {
    byte[] content = random(100);
    ChunkId id = randomId(RANDOM);
    ByteBuffer plain = ByteBuffer.wrap(content);
    assertThat(BlobCodec.PLAIN.seal(BlobType.DATA, id, plain, null)).isSameAs(plain);
    assertThat(open(BlobCodec.PLAIN, BlobType.DATA, id, content, 100)).isEqualTo(content);
    assertThatThrownBy(() -> open(BlobCodec.PLAIN, BlobType.DATA, id, content, 99))
        .isInstanceOf(Damaged.class).hasMessage(name(BlobType.DATA, id) + " is 100 bytes, not 99");
    assertThat(BlobCodec.PLAIN.sealFile(BlobCodec.FileKind.INDEX, content)).isSameAs(content);
    assertThat(BlobCodec.PLAIN.encrypted()).isFalse();
    assertThat(BlobCodec.PLAIN.withCompression(Compression.parse("max"))).isSameAs(BlobCodec.PLAIN);
    assertThat(sealing(KEY, Compression.auto()).withCompression(Compression.parse("max")).compression())
        .isEqualTo(Compression.parse("max"));
  }
}
