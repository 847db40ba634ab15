package dev.cairn.gateway.auth;

import java.util.Locale;

/**
 * AccessRole is what a caller of the gateway may do. Each role may do everything the roles below
 * it may: a viewer reads, an operator also runs backups, restores and checks and cancels jobs, an
 * admin also forgets snapshots and prunes the repository.
 */
public enum AccessRole {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** Whether a caller with this role may do what {@code needed} may. */
  public boolean covers(AccessRole needed) {
    return compareTo(needed) >= 0;
  }

  /** The name the API, the files and the command line use. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a role's name; an unknown one fails with a message naming the roles. */
  public static AccessRole parse(String name) {
    for (AccessRole role : values()) {
      if (role.wire().equals(name == null ? "" : name.trim().toLowerCase(Locale.ROOT))) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role \"" + name + "\": roles are viewer, operator, admin");
  }
}
