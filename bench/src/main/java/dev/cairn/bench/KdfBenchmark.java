package dev.cairn.bench;

import dev.cairn.common.crypto.Kdf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KdfBenchmark times one derivation of a new key's wrapping key with the default Argon2id
 * parameters (or those the {@code cairn.kdf.*} system properties set): what each key file costs a
 * user to open, and an attacker per guessed password.
 *
 * <p>Each measurement iteration is a single derivation, so the run prints every one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class KdfBenchmark {
  private final Kdf kdf = Kdf.forNewKey(new byte[16]);
  private final char[] password = "correct horse battery staple".toCharArray();

  @Benchmark
  public byte[] deriveNewKey() {
    return kdf.derive(password);
  }
}
