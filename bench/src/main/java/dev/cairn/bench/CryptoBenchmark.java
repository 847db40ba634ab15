package dev.cairn.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.cairn.common.ChunkId;
import dev.cairn.common.crypto.Aead;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.MasterKey;
import dev.cairn.common.message.BlobType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CryptoBenchmark measures one thread sealing and opening blobs: AES-256-GCM alone, zstd at level
 * 3 alone, and the whole of an encrypted BlobCodec ({@code auto} compression, then the cipher).
 *
 * <p>Scores are operations per second; multiply by {@code size} (or 1 MiB for zstd and the codec)
 * for bytes per second. {@code text} is English-like words, which zstd shrinks to about a third;
 * {@code random} does not compress, so {@code auto} stores it raw after one attempt.
 *
 * <p>The JDK's AES-GCM reaches its AES-NI and carry-less multiply code only once the JIT has
 * compiled its callers; until then it runs at about 50 MB/s, and at 1 MiB a call that takes
 * several hundred calls. A server that has sealed many blobs is past that, so each state first
 * seals and opens 20,000 blobs of 4 KiB: the scores are the steady state, not the first minute.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class CryptoBenchmark {
  static final int MIB = 1 << 20;

  /** Runs the cipher often enough that the JIT compiles it with its intrinsics. */
  static void warmCipher() {
    Aead aead = new Aead(new byte[32]);
    byte[] ad = new byte[46];
    byte[] blob = new byte[4096];
    for (int i = 0; i < 20_000; i++) {
      aead.open(ad, aead.seal(ad, blob), "warm-up");
    }
  }

  /** English-like text or random bytes, {@code size} of them. */
  static byte[] content(String kind, int size) {
    SplittableRandom random = new SplittableRandom(size);
    byte[] bytes = new byte[size];
    if (kind.equals("random")) {
      random.nextBytes(bytes);
      return bytes;
    }
    String[] words = ("the of and to in is that for it as was with be by on not he this are or his from at which "
        + "but have an they you were her she there been one all we their has would when if so no what more out "
        + "backup repository snapshot restore file directory chunk index pack blob key password server client")
        .split(" ");
    StringBuilder text = new StringBuilder(size + 16);
    while (text.length() < size) {
      text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
    }
    System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, size);
    return bytes;
  }

  /** A cipher and a blob of {@code size} random bytes, sealed once for the open benchmark. */
  @State(Scope.Thread)
  public static class Sealing {
    @Param({"4096", "1048576"})
    int size;

    final byte[] ad = "cairn blob v1 benchmark".getBytes(StandardCharsets.US_ASCII);
    Aead aead;
    byte[] plain;
    byte[] sealed;

    @Setup
    public void setup() {
      warmCipher();
      aead = new Aead(MasterKey.generate().derive("benchmark"));
      plain = content("random", size);
      sealed = aead.seal(ad, plain);
    }
  }

  /** 1 MiB of {@code content}, compressed once for the decompression benchmark. */
  @State(Scope.Thread)
  public static class Zstd {
    @Param({"text", "random"})
    String content;

    final ZstdCompressCtx compressor = new ZstdCompressCtx();
    final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
    byte[] plain;
    byte[] packed = new byte[(int) com.github.luben.zstd.Zstd.compressBound(MIB)];
    int packedLength;
    byte[] unpacked = new byte[MIB];

    @Setup
    public void setup() {
      compressor.setLevel(Compression.AUTO_LEVEL);
      plain = content(content, MIB);
      packedLength = compressor.compressByteArray(packed, 0, packed.length, plain, 0, plain.length);
    }
  }

  /** An encrypted codec compressing as {@code auto}, and 1 MiB of {@code content} as one blob, stored once. */
  @State(Scope.Thread)
  public static class Codec {
    @Param({"text", "random"})
    String content;

    BlobCodec codec;
    ChunkId id;
    byte[] plain;
    ByteBuffer stored;
    final ByteBuffer into = ByteBuffer.allocate(MIB);

    @Setup
    public void setup() {
      warmCipher();
      codec = BlobCodec.encrypted(MasterKey.generate(), Compression.auto());
      plain = content(content, MIB);
      byte[] idBytes = new byte[ChunkId.LENGTH];
      new SplittableRandom(7).nextBytes(idBytes);
      id = ChunkId.of(idBytes);
      stored = codec.seal(BlobType.DATA, id, ByteBuffer.wrap(plain), null);
    }
  }

  @Benchmark
  public byte[] aeadSeal(Sealing s) {
    return s.aead.seal(s.ad, s.plain);
  }

  @Benchmark
  public byte[] aeadOpen(Sealing s) {
    return s.aead.open(s.ad, s.sealed, "benchmark");
  }

  @Benchmark
  public int zstdCompress(Zstd s) {
    return s.compressor.compressByteArray(s.packed, 0, s.packed.length, s.plain, 0, s.plain.length);
  }

  @Benchmark
  public int zstdDecompress(Zstd s) {
    return s.decompressor.decompressByteArray(s.unpacked, 0, MIB, s.packed, 0, s.packedLength);
  }

  @Benchmark
  public ByteBuffer codecSeal(Codec s) {
    return s.codec.seal(BlobType.DATA, s.id, ByteBuffer.wrap(s.plain), null);
  }

  @Benchmark
  public ByteBuffer codecOpen(Codec s) {
    s.into.clear();
    s.codec.open(BlobType.DATA, s.id, s.stored.duplicate(), s.into);
    return s.into;
  }
}
