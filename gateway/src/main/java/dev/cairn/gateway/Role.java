package dev.cairn.gateway;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Role is one room a node may run: a node runs any subset, and a lone node runs them all. */
public enum Role {
  SCANNER,
  HASHER,
  STORE,
  GATEWAY;

  /** Every role, as one node runs them. */
  public static Set<Role> all() {
    return EnumSet.allOf(Role.class);
  }

  /** Reads {@code scanner,hasher,...}; an unknown or empty list fails with a message naming the roles. */
  public static Set<Role> parse(String list) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : list.split(",")) {
      String trimmed = name.trim().toUpperCase(Locale.ROOT);
      try {
        roles.add(Role.valueOf(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown role \"" + name.trim() + "\": roles are scanner, hasher, store, gateway");
      }
    }
    return roles;
  }

  /** The name the command line uses. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
