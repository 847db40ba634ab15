package dev.cairn.bench;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.FastCdc;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ChunkerBenchmark measures one thread cutting 64 MiB of random bytes with FastCDC and the default
 * chunker parameters.
 *
 * <p>The score is passes per second over the whole buffer; multiply by 64 MiB for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkerBenchmark {
  static final int SIZE = 64 << 20;

  private byte[] data;
  private FastCdc chunker;

  @Setup
  public void setup() {
    data = new byte[SIZE];
    new SplittableRandom(64).nextBytes(data);
    chunker = new FastCdc(ChunkerParams.defaults());
  }

  /** Returns the number of chunks, so that no cut can be skipped. */
  @Benchmark
  public int cutAll() {
    int chunks = 0;
    for (int offset = 0; offset < data.length; chunks++) {
      offset += chunker.cut(data, offset, data.length - offset);
    }
    return chunks;
  }
}
