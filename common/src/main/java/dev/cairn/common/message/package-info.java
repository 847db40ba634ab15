/**
 * The immutable records that travel between rooms, one holder class per receiving room, and
 * {@link dev.cairn.common.message.Codecs}, which registers their binary codecs on every node.
 * Within one JVM a message is handed over as the same object, so chunk bytes are never copied.
 */
package dev.cairn.common.message;
