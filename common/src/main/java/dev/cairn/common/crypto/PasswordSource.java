package dev.cairn.common.crypto;

/**
 * PasswordSource gives the password of an encrypted repository when one is needed, and only
 * then: a plain-text repository never asks.
 */
@FunctionalInterface
public interface PasswordSource {
  /**
   * The password; {@code creating} says that a new key is being made with it, so that a prompt
   * asks twice.
   *
   * @throws MissingPassword if there is none to give
   */
  char[] password(boolean creating);

  /**
   * Reports whether {@link #password} would ask someone (on a terminal), so that nobody asks for it
   * ahead of need, from a thread the user does not see.
   */
  default boolean asks() {
    return false;
  }

  /** A source with no password, for processes that are given none. */
  static PasswordSource none(String why) {
    return creating -> {
      throw new MissingPassword(why);
    };
  }

  /** MissingPassword says that an encrypted repository needs a password and none was given. */
  final class MissingPassword extends RuntimeException {
    public MissingPassword(String message) {
      super(message);
    }
  }
}
