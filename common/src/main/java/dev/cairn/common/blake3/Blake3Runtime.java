package dev.cairn.common.blake3;

/**
 * Blake3Runtime chooses, once per JVM, the fastest BLAKE3 kernel this JVM can run.
 *
 * <p>The vector kernel needs the {@code jdk.incubator.vector} module in the boot layer: run
 * {@code java --add-modules jdk.incubator.vector}. Without it, or with the system property
 * {@code cairn.blake3.vector=false}, every hasher uses the scalar kernel. With it, hashers start
 * scalar and switch to the vector kernel once the JIT has compiled it, which a
 * background thread brings about after the first 32 MiB of input.
 */
public final class Blake3Runtime {
  /**
   * The first Java feature release on which the vector kernel is known to beat the scalar one;
   * on Java 17 it is already about five times faster.
   */
  static final int MIN_VECTOR_FEATURE = 17;

  private static final String MODULE = "jdk.incubator.vector";
  private static final String VECTOR_KERNEL = "dev.cairn.common.blake3.VectorKernel";

  private Blake3Runtime() {}

  /**
   * Describes the kernel {@link Blake3Hasher#create()} uses, for {@code --version}: for example
   * {@code vector (IntVector 512-bit, 16 lanes)}, or {@code scalar (no jdk.incubator.vector
   * module)}, which says why the vector kernel is not used.
   */
  public static String implementation() {
    return Fastest.CHOICE.description();
  }

  /** Reports whether the vector kernel can be loaded, whether or not it is the one chosen. */
  public static boolean vectorAvailable() {
    return Vector.CHOICE.prototype() != null;
  }

  static Blake3Kernel fastest() {
    return Fastest.CHOICE.prototype().newInstance().settle(0);
  }

  static Blake3Kernel vector() {
    Choice choice = Vector.CHOICE;
    if (choice.prototype() == null) {
      throw new UnsupportedOperationException("no vector kernel: " + choice.description());
    }
    return choice.prototype().newInstance();
  }

  private record Choice(Blake3Kernel prototype, String description) {}

  /** Holds the vector kernel, loaded on first use so that nothing touches the module before. */
  private static final class Vector {
    static final Choice CHOICE = load();

    private static Choice load() {
      if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
        return new Choice(null, "no " + MODULE + " module");
      }
      try {
        Blake3Kernel kernel =
            (Blake3Kernel) Class.forName(VECTOR_KERNEL).getDeclaredConstructor().newInstance();
        return new Choice(kernel, kernel.description());
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return new Choice(null, MODULE + " unusable: " + e);
      }
    }
  }

  private static final class Fastest {
    static final Choice CHOICE = choose();

    private static Choice choose() {
      if ("false".equalsIgnoreCase(System.getProperty("cairn.blake3.vector"))) {
        return scalar("cairn.blake3.vector=false");
      }
      int feature = Runtime.version().feature();
      if (feature < MIN_VECTOR_FEATURE) {
        return scalar("the Vector API is slow on Java " + feature);
      }
      Choice vector = Vector.CHOICE;
      if (vector.prototype() == null) {
        return scalar(vector.description());
      }
      return new Choice(new WarmingKernel(vector.description()), vector.description());
    }

    private static Choice scalar(String why) {
      return new Choice(new ScalarKernel(), "scalar (" + why + ")");
    }
  }
}
