package dev.cairn.common.blake3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the vector kernel lane by lane against the scalar one, including what whole inputs
 * cannot reach: chunk counters past 2^32, which need 4 TiB of input.
 */
@DisplayName("Blake3Kernel")
class Blake3KernelTest {
  private static Blake3Kernel vector() {
    assumeThat(Blake3Runtime.vectorAvailable()).as("jdk.incubator.vector is present").isTrue();
    return Blake3Runtime.vector();
  }

  @ParameterizedTest(name = "counter {0}")
  @ValueSource(longs = {0, 5, (1L << 32) - 7, (1L << 40) - 1, Long.MAX_VALUE - 100})
  @DisplayName("The vector kernel hashes 1 to 40 chunks at odd offsets as the scalar kernel does")
  void chunksMatchScalar(long counter) {
    Blake3Kernel vector = vector();
    Blake3Kernel scalar = new ScalarKernel();
    SplittableRandom random = new SplittableRandom(counter);
    byte[] in = new byte[41 * 1024];
    random.nextBytes(in);
    for (int n = 1; n <= 40; n++) {
      int off = random.nextInt(1024);
      int[] expected = new int[8 * n + 5];
      int[] actual = new int[8 * n + 5];
      scalar.hashChunks(in, off, n, counter, Blake3Compress.IV, 0, expected, 5);
      vector.hashChunks(in, off, n, counter, Blake3Compress.IV, 0, actual, 5);
      assertThat(actual).as("%d chunks at offset %d", n, off).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "flags {0}")
  @ValueSource(ints = {Blake3Compress.KEYED_HASH, Blake3Compress.DERIVE_KEY_CONTEXT, Blake3Compress.DERIVE_KEY_MATERIAL})
  @DisplayName("With a key and a mode's flags, the vector kernel hashes chunks and parents as the scalar kernel does")
  void keyedMatchScalar(int flags) {
    Blake3Kernel vector = vector();
    Blake3Kernel scalar = new ScalarKernel();
    SplittableRandom random = new SplittableRandom(flags);
    int[] key = random.ints(8).toArray();
    byte[] in = new byte[41 * 1024];
    random.nextBytes(in);
    for (int n = 1; n <= 40; n++) {
      int off = random.nextInt(1024);
      int[] expected = new int[8 * n + 5];
      int[] actual = new int[8 * n + 5];
      scalar.hashChunks(in, off, n, 3L * n, key, flags, expected, 5);
      vector.hashChunks(in, off, n, 3L * n, key, flags, actual, 5);
      assertThat(actual).as("%d chunks at offset %d", n, off).isEqualTo(expected);
      int[] unkeyed = new int[8 * n + 5];
      scalar.hashChunks(in, off, n, 3L * n, Blake3Compress.IV, 0, unkeyed, 5);
      assertThat(actual).as("the key changes the chaining values").isNotEqualTo(unkeyed);

      int[] cvs = random.ints(16 * n + 16).toArray();
      int[] parents = cvs.clone();
      scalar.hashParents(parents, 8, n, key, flags);
      vector.hashParents(cvs, 8, n, key, flags);
      assertThat(cvs).as("%d pairs", n).isEqualTo(parents);
    }
  }

  @Test
  @DisplayName("cairn.blake3.lanes=8 makes the vector kernel 256 bits wide, for machines without AVX-512")
  void kernelWidth() {
    Blake3Kernel vector = vector();
    boolean narrow = Integer.getInteger("cairn.blake3.lanes", 16) == 8;
    assertThat(vector.description()).matches(narrow ? "vector \\(IntVector 256-bit, 8 lanes\\)" : "vector .*");
  }

  @Test
  @DisplayName("The vector kernel merges 1 to 40 pairs in place, at any offset, as the scalar kernel does")
  void parentsMatchScalar() {
    Blake3Kernel vector = vector();
    Blake3Kernel scalar = new ScalarKernel();
    SplittableRandom random = new SplittableRandom(3);
    for (int n = 1; n <= 40; n++) {
      int off = 8 * random.nextInt(4);
      int[] cvs = random.ints(off + 16 * n + 16).toArray();
      int[] expected = cvs.clone();
      scalar.hashParents(expected, off, n, Blake3Compress.IV, 0);
      vector.hashParents(cvs, off, n, Blake3Compress.IV, 0);
      assertThat(cvs).as("%d pairs at word %d", n, off).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("The scalar kernel's parent of two chaining values is one compression of their words")
  void scalarParentIsOneCompression() {
    int[] cvs = new SplittableRandom(8).ints(16).toArray();
    int[] iv = new int[8];
    Blake3Compress.iv(iv, 0);
    int[] expected = new int[8];
    Blake3Compress.compress(iv, 0, cvs.clone(), 0, 0, 64, Blake3Compress.PARENT, expected, 0);
    new ScalarKernel().hashParents(cvs, 0, 1, Blake3Compress.IV, 0);
    assertThat(Arrays.copyOf(cvs, 8)).isEqualTo(expected);
  }

  @Test
  @DisplayName("The warm-up makes the vector kernel at least twice as fast as the scalar one")
  void warmUpSucceeds() {
    assertThat(WarmingKernel.warmUp(vector(), new ScalarKernel(), TimeUnit.SECONDS.toNanos(60))).isTrue();
  }

  @Test
  @DisplayName("The default hasher switches to the vector kernel after 32 MiB and stays exact")
  void defaultHasherSwitches() throws Exception {
    vector();
    Blake3Hasher fastest = Blake3Hasher.create();
    assumeThat(fastest.implementation()).as("the vector kernel is chosen").startsWith("vector");
    Blake3Hasher scalar = Blake3Hasher.createScalar();
    byte[] in = new byte[(1 << 20) + 17];
    new SplittableRandom(11).nextBytes(in);
    byte[] expected = new byte[32];
    scalar.update(in, 0, in.length).finish(expected, 0);
    byte[] actual = new byte[32];
    for (int i = 0; i < 33; i++) {
      fastest.reset().update(in, 0, in.length).finish(actual, 0);
      assertThat(actual).isEqualTo(expected);
    }
    assertThat(WarmingKernel.warmedUp().get(60, TimeUnit.SECONDS)).isTrue();
    assertThat(WarmingKernel.ready()).isTrue();
    fastest.reset().update(in, 0, in.length).finish(actual, 0);
    assertThat(actual).isEqualTo(expected);
    Blake3Hasher fresh = Blake3Hasher.create();
    fresh.update(in, 0, in.length).finish(actual, 0);
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "keyed: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("Hashing a megabyte with the scalar kernel allocates nothing but the hasher's result, keyed or not")
  void scalarHashingDoesNotAllocate(boolean keyed) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    Blake3Hasher hasher = keyed ? Blake3Hasher.createScalar().newKeyedHasher(new byte[32]) : Blake3Hasher.createScalar();
    byte[] in = new byte[1 << 20];
    byte[] out = new byte[32];
    hasher.update(in, 0, in.length).finish(out, 0);
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 4; i++) {
      hasher.reset().update(in, 1, in.length - 1).finish(out, 0);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated while hashing 4 MiB").isLessThan(1024);
  }
}
