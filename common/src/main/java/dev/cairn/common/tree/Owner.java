package dev.cairn.common.tree;

/**
 * Owner is who a tree entry belonged to at backup time: the numeric ids the kernel keeps, and the
 * names they had on the backed-up machine, so a restore on another machine can match by name.
 *
 * @param uid the owning user id, unsigned 32 bits held in an int
 * @param gid the owning group id, likewise
 * @param user the user's name, or {@code null} when the id had none
 * @param group the group's name, or {@code null} when the id had none
 */
public record Owner(int uid, int gid, String user, String group) {
  /** The longest user or group name a tree may hold; login names are far shorter. */
  public static final int NAME_LIMIT = 256;

  /** Checks that the names fit what a tree can hold. */
  public Owner {
    if (user != null && (user.isEmpty() || user.length() > NAME_LIMIT)) {
      throw new IllegalArgumentException("bad user name of " + user.length() + " characters");
    }
    if (group != null && (group.isEmpty() || group.length() > NAME_LIMIT)) {
      throw new IllegalArgumentException("bad group name of " + group.length() + " characters");
    }
  }

  /** The user as {@code ls -l} shows it: the name, or the number when there is none. */
  public String userShown() {
    return user != null ? user : Integer.toUnsignedString(uid);
  }

  /** The group as {@code ls -l} shows it: the name, or the number when there is none. */
  public String groupShown() {
    return group != null ? group : Integer.toUnsignedString(gid);
  }
}
