/**
 * Directory trees: a {@link dev.cairn.common.tree.Node} is one entry (file, directory, link, FIFO
 * or device) with raw-byte names, its {@link dev.cairn.common.tree.Owner} and its
 * {@link dev.cairn.common.tree.Xattr extended attributes}, and
 * {@link dev.cairn.common.tree.TreeCodec} gives each directory one canonical encoding, so an
 * unchanged directory always has the same id.
 */
package dev.cairn.common.tree;
