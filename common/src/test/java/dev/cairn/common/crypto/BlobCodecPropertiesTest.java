package dev.cairn.common.crypto;

import static dev.cairn.common.crypto.SealingCodecs.name;
import static dev.cairn.common.crypto.SealingCodecs.randomId;
import static dev.cairn.common.crypto.SealingCodecs.sealing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

@Label("BlobCodec properties")
class BlobCodecPropertiesTest {
  private static final MasterKey KEY = MasterKey.generate();

  /** What a blob holds: data that does not compress, text, or long runs. */
  enum Shape { RANDOM, TEXT, RUNS }

  private static byte[] content(Shape shape, long seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] bytes = new byte[length];
    switch (shape) {
      case RANDOM -> random.nextBytes(bytes);
      case TEXT -> bytes = SealingCodecs.text(random, length);
      case RUNS -> {
        for (int i = 0; i < length; ) {
          int run = Math.min(length - i, 1 + random.nextInt(300));
          Arrays.fill(bytes, i, i + run, (byte) random.nextInt(4));
          i += run;
        }
      }
    }
    return bytes;
  }

  private static Compression compression(Compression.Mode mode) {
    return switch (mode) {
      case OFF -> Compression.off();
      case AUTO -> Compression.auto();
      case MAX -> Compression.parse("max");
    };
  }

  private static byte[] stored(BlobCodec codec, BlobType type, ChunkId id, byte[] plain) {
    ByteBuffer sealed = codec.seal(type, id, ByteBuffer.wrap(plain), null);
    byte[] bytes = new byte[sealed.remaining()];
    sealed.get(bytes);
    return bytes;
  }

  /** Opening {@code stored} as blob {@code id} of {@code length} bytes fails as Damaged naming it, and writes nothing. */
  private static void assertDamaged(BlobCodec codec, BlobType type, ChunkId id, byte[] stored, int length) {
    ByteBuffer into = ByteBuffer.allocate(length);
    assertThatThrownBy(() -> codec.open(type, id, ByteBuffer.wrap(stored), into))
        .isInstanceOf(Damaged.class)
        .hasMessageStartingWith(name(type, id));
    assertThat(into.position()).isZero();
    assertThat(into.array()).isEqualTo(new byte[length]);
  }

  @Property(tries = 300)
  @Label("A sealed blob opens to its content, whatever its type, shape and compression")
  void roundTrip(
      @ForAll BlobType type,
      @ForAll Compression.Mode mode,
      @ForAll Shape shape,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 40_000) int length,
      @ForAll @IntRange(min = 0, max = 9) int offset,
      @ForAll boolean direct) {
    BlobCodec codec = sealing(KEY, compression(mode));
    byte[] plain = content(shape, seed, length);
    ChunkId id = randomId(new SplittableRandom(seed));
    byte[] padded = new byte[offset + length + 3];
    System.arraycopy(plain, 0, padded, offset, length);
    ByteBuffer in = ByteBuffer.wrap(padded, offset, length);
    ByteBuffer sealed = codec.seal(type, id, in, null);
    assertThat(in.position()).isEqualTo(offset);
    assertThat(in.remaining()).isEqualTo(length);

    ByteBuffer into = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
    codec.open(type, id, sealed, into);
    assertThat(into.hasRemaining()).isFalse();
    byte[] opened = new byte[length];
    into.flip().get(opened);
    assertThat(opened).isEqualTo(plain);
  }

  @Property(tries = 300)
  @Label("A stored form never exceeds the content by more than the framing, and compression keeps only what saves")
  void storedSizeFollowsTheMode(
      @ForAll Compression.Mode mode,
      @ForAll Shape shape,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 40_000) int length) {
    byte[] plain = content(shape, seed, length);
    int size = stored(sealing(KEY, compression(mode)), BlobType.DATA, randomId(new SplittableRandom(seed)), plain).length;
    int raw = length + Aead.OVERHEAD + 1;
    switch (mode) {
      case OFF -> assertThat(size).isEqualTo(raw);
      case AUTO -> assertThat(size == raw || size <= length - length / Compression.MARGIN + Aead.OVERHEAD + 1)
          .as("%d bytes stored as %d", length, size).isTrue();
      case MAX -> assertThat(size).isLessThanOrEqualTo(raw);
    }
  }

  @Property(tries = 300)
  @Label("Any one flipped bit of a stored form makes it Damaged, naming the blob")
  void flippedBitIsDamaged(
      @ForAll BlobType type,
      @ForAll Compression.Mode mode,
      @ForAll Shape shape,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5_000) int length,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
    BlobCodec codec = sealing(KEY, compression(mode));
    ChunkId id = randomId(new SplittableRandom(seed));
    byte[] stored = stored(codec, type, id, content(shape, seed, length));
    int bit = where % (stored.length * 8);
    stored[bit / 8] ^= (byte) (1 << (bit % 8));
    assertDamaged(codec, type, id, stored, length);
  }

  @Property(tries = 200)
  @Label("A truncated or extended stored form is Damaged, naming the blob")
  void truncatedOrExtendedIsDamaged(
      @ForAll BlobType type,
      @ForAll Compression.Mode mode,
      @ForAll Shape shape,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5_000) int length,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut,
      @ForAll @IntRange(min = 1, max = 100) int extra) {
    BlobCodec codec = sealing(KEY, compression(mode));
    SplittableRandom random = new SplittableRandom(seed);
    ChunkId id = randomId(random);
    byte[] stored = stored(codec, type, id, content(shape, seed, length));
    assertDamaged(codec, type, id, Arrays.copyOf(stored, cut % stored.length), length);
    byte[] extended = Arrays.copyOf(stored, stored.length + extra);
    for (int i = stored.length; i < extended.length; i++) {
      extended[i] = (byte) random.nextInt(256);
    }
    assertDamaged(codec, type, id, extended, length);
  }

  @Property(tries = 200)
  @Label("A blob opened under another id or another type, or with another blob's stored form, is Damaged")
  void movedBlobIsDamaged(
      @ForAll BlobType type,
      @ForAll Compression.Mode mode,
      @ForAll Shape shape,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5_000) int length,
      @ForAll boolean sameContent) {
    BlobCodec codec = sealing(KEY, compression(mode));
    SplittableRandom random = new SplittableRandom(seed);
    ChunkId id = randomId(random);
    ChunkId other = randomId(random);
    byte[] plain = content(shape, seed, length);
    byte[] stored = stored(codec, type, id, plain);
    BlobType otherType = type == BlobType.DATA ? BlobType.TREE : BlobType.DATA;
    assertDamaged(codec, type, other, stored, length);
    assertDamaged(codec, otherType, id, stored, length);

    // Two blobs of one pack whose stored forms trade places: each is refused under the other's id.
    byte[] otherStored = stored(codec, type, other, sameContent ? plain : content(shape, ~seed, length));
    assertDamaged(codec, type, id, otherStored, length);
    assertDamaged(codec, type, other, stored, length);
  }

  @Property(tries = 100)
  @Label("A stored form from a repository with another master key is Damaged")
  void otherKeyIsDamaged(@ForAll BlobType type, @ForAll Shape shape, @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5_000) int length) {
    ChunkId id = randomId(new SplittableRandom(seed));
    byte[] stored = stored(sealing(MasterKey.generate(), Compression.auto()), type, id, content(shape, seed, length));
    assertDamaged(sealing(KEY, Compression.auto()), type, id, stored, length);
  }

  @Property(tries = 200)
  @Label("A whole file opens as its own kind, and a changed, cut, extended or re-kinded one is Damaged, named as the caller said")
  void filesAreBoundToTheirKind(
      @ForAll BlobCodec.FileKind kind,
      @ForAll BlobCodec.FileKind otherKind,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5_000) int length,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
    BlobCodec codec = sealing(KEY, Compression.auto());
    byte[] content = content(Shape.TEXT, seed, length);
    byte[] stored = codec.sealFile(kind, content);
    assertThat(stored).hasSize(length + codec.fileOverhead());
    assertThat(codec.openFile(kind, stored, "index 1234abcd")).isEqualTo(content);

    if (otherKind != kind) {
      assertThatThrownBy(() -> codec.openFile(otherKind, stored, "index 1234abcd"))
          .isInstanceOf(Damaged.class).hasMessageStartingWith("index 1234abcd");
    }
    byte[] flipped = stored.clone();
    int bit = where % (stored.length * 8);
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
    byte[] cut = Arrays.copyOf(stored, where % stored.length);
    byte[] extended = Arrays.copyOf(stored, stored.length + 1 + where % 64);
    for (byte[] bad : new byte[][] {flipped, cut, extended}) {
      assertThatThrownBy(() -> codec.openFile(kind, bad, "index 1234abcd"))
          .isInstanceOf(Damaged.class).hasMessageStartingWith("index 1234abcd");
    }
  }
}
