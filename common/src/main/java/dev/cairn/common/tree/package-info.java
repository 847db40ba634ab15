/**
 * Directory trees: a {@link dev.cairn.common.tree.Node} is one entry (file, directory or link)
 * with raw-byte names, and {@link dev.cairn.common.tree.TreeCodec} gives each directory one
 * canonical encoding, so an unchanged directory always has the same id.
 */
package dev.cairn.common.tree;
