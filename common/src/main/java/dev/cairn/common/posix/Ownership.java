package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.Owner;
import dev.cairn.common.tree.Xattr;

/**
 * Ownership gives a restored entry back to its owner and puts its extended attributes back, and
 * says which mode it may then have.
 *
 * <p>A set-uid or set-gid bit only stays on an entry given back to the owner it was recorded with,
 * as GNU tar does: a restore by another user, or one whose {@code lchown} failed, would otherwise
 * leave a program that runs as whoever restored it (as root, for a backup service). The same holds
 * for {@code security.capability}, the file capabilities that work like a set-uid bit. An entry
 * from a tree that recorded no owner cannot be given back, so it loses these too.
 *
 * <p>Only root gives entries away; any other user's restore leaves them its own, unless they were
 * recorded as that user's. The owner is matched by name where the name exists here, else by
 * number; with {@code numericOwner}, always by number.
 */
public final class Ownership {
  private static final int SET_ID_BITS = 06000;
  private static final boolean ROOT = Accounts.euid() == 0;

  /**
   * How a restore treats owners.
   *
   * @param numericOwner match owners by their recorded numbers, never by name
   * @param keepSetId restore set-uid and set-gid bits and file capabilities where the owner is
   *     given back; {@code false} strips them from every entry
   */
  public record Rules(boolean numericOwner, boolean keepSetId) {}

  /**
   * What restoring an entry's ownership came to.
   *
   * @param mode the mode the entry may have now
   * @param problem why its owner or an attribute could not be put back, or {@code null}
   */
  public record Outcome(int mode, String problem) {}

  private Ownership() {}

  /**
   * Gives {@code path} (raw bytes) back to {@code node}'s owner and sets its extended attributes;
   * the caller sets the mode it returns afterwards, since a change of owner clears set-id bits.
   */
  public static Outcome restore(byte[] path, Node node, Rules rules) {
    String problem = null;
    boolean givenBack = false;
    Owner owner = node.owner();
    if (owner != null) {
      int uid = rules.numericOwner() || owner.user() == null ? owner.uid()
          : Accounts.uid(owner.user()).orElse(owner.uid());
      int gid = rules.numericOwner() || owner.group() == null ? owner.gid()
          : Accounts.gid(owner.group()).orElse(owner.gid());
      if (ROOT || uid == Accounts.euid()) {
        try {
          lchown(path, uid, gid);
          givenBack = true;
        } catch (PosixException e) {
          if (ROOT) {
            problem = "cannot give it to " + Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid)
                + ": " + e.getMessage();
          }
        }
      }
    }
    boolean privileged = givenBack && rules.keepSetId();
    for (Xattr x : node.xattrs()) {
      if (!privileged && x.named("security.capability")) {
        continue;
      }
      try {
        Xattrs.write(path, x);
      } catch (PosixException e) {
        if (problem == null && (ROOT || e.errno() != PosixException.EPERM)) {
          problem = "cannot set an extended attribute: " + e.getMessage();
        }
      }
    }
    return new Outcome(privileged ? node.mode() : node.mode() & ~SET_ID_BITS, problem);
  }

  /** Gives {@code path} (raw bytes) to user {@code uid} and group {@code gid}, not following a link. */
  public static void lchown(byte[] path, int uid, int gid) throws PosixException {
    try {
      Libc.lchown(Xattrs.cString(path), uid, gid);
    } catch (LastErrorException e) {
      throw new PosixException("lchown", e);
    }
  }
}
