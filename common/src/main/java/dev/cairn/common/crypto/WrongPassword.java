package dev.cairn.common.crypto;

/** WrongPassword says that no key file of a repository opens with the password given. */
public final class WrongPassword extends RuntimeException {
  public WrongPassword(String message) {
    super(message);
  }
}
