/**
 * The libc calls a backup of a whole system needs and the JDK lacks: extended attributes of every
 * namespace, owners by number and by name, FIFOs and devices. None of them follows a symbolic link;
 * paths are raw bytes, as {@link dev.cairn.common.RawPaths} gives them.
 */
package dev.cairn.common.posix;
