package dev.cairn.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * OwnerOnly gives what a repository creates to its owner alone: directories {@code 0700}, files
 * {@code 0600}, whatever the umask. A repository holds every backed-up file in the clear, so a
 * pack another local user may read hands them whatever the backup read, however private it was.
 *
 * <p>Each file and directory is created with the owner-only mode, so it is never wider even for a
 * moment, then set to it outright, since a umask narrower than usual (such as {@code 0277}) would
 * otherwise leave it short of what the store needs.
 */
final class OwnerOnly {
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
  static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);
  static final FileAttribute<Set<PosixFilePermission>> DIRECTORY = PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);

  private OwnerOnly() {}

  /** Creates directory {@code dir}, whose parent exists, with mode {@code 0700}. */
  static void createDirectory(Path dir) throws IOException {
    Files.createDirectory(dir, DIRECTORY);
    Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
  }

  /** Sets file {@code file}, just created, to mode {@code 0600}. */
  static void restrictFile(Path file) throws IOException {
    Files.setPosixFilePermissions(file, FILE_MODE);
  }

  /**
   * Sets {@code file} to mode {@code 0600} if this process may; a file another user owns keeps its
   * mode, and opening goes on.
   */
  static void restrictFileIfOwned(Path file) {
    try {
      restrictFile(file);
    } catch (IOException | UnsupportedOperationException e) {
      // Not ours to change.
    }
  }

  /**
   * Takes from the repository root {@code dir} every permission that others hold, leaving it
   * {@code 0700}: a repository made before its files were private then keeps other users out of
   * all of them. A root that grants its group and no one else was shared on purpose and is left
   * alone, as is one this process may not change (another user owns it).
   */
  static void closeToOthers(Path dir) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
      if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.OTHERS_WRITE)
          || mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not ours to change: the repository still opens as it did.
    }
  }
}
