package dev.cairn.bench;

import dev.cairn.common.Blake3Hash;
import dev.cairn.common.ChunkId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.Blake3;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * HashBenchmark measures one thread hashing one buffer: cairn's BLAKE3 kernels against Commons
 * Codec's BLAKE3 and the JDK's SHA-256.
 *
 * <p>Scores are hashes per second; multiply by {@code size} for bytes per second. The vector
 * benchmark needs {@code --add-modules jdk.incubator.vector} on the {@code java} command line and
 * fails without it; exclude it with {@code -e vector} there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashBenchmark {
  @Param({"8192", "1048576", "16777216"})
  int size;

  private byte[] data;
  private Blake3Hash fastest;
  private Blake3Hash scalar;
  private Blake3Hash vector;
  private Blake3 codec;
  private MessageDigest sha256;
  private final byte[] out = new byte[32];

  @Setup
  public void setup() throws NoSuchAlgorithmException {
    data = new byte[size];
    new SplittableRandom(size).nextBytes(data);
    fastest = new Blake3Hash();
    scalar = Blake3Hash.scalar();
    codec = Blake3.initHash();
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  /** What ContentHash.blake3() gives: with the vector module, scalar for 32 MiB, then vector. */
  @Benchmark
  public ChunkId cairnDefault() {
    return fastest.hash(data);
  }

  @Benchmark
  public ChunkId cairnScalar() {
    return scalar.hash(data);
  }

  @Benchmark
  public ChunkId cairnVector() {
    if (vector == null) {
      vector = Blake3Hash.vector();
    }
    return vector.hash(data);
  }

  @Benchmark
  public byte[] commonsCodec() {
    codec.reset();
    codec.update(data);
    codec.doFinalize(out);
    return out;
  }

  @Benchmark
  public byte[] jdkSha256() {
    return sha256.digest(data);
  }
}
