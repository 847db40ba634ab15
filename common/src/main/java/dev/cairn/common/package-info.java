/**
 * Content addressing shared by every room: a {@link dev.cairn.common.ChunkId} names any stored
 * object by its BLAKE3-256 hash, {@link dev.cairn.common.FastCdc} cuts file content into chunks,
 * and {@link dev.cairn.common.Addresses} lists every event-bus address.
 *
 * <p>Terms: a <em>chunk</em> is a piece of file content; a <em>blob</em> is anything the store
 * keeps under its id (a data chunk or a tree object); a <em>tree</em> is one directory's encoded
 * entries. Nothing here does I/O or knows about verticles.
 */
package dev.cairn.common;
