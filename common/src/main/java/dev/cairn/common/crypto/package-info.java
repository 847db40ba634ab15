/**
 * Encryption, compression and keys of repository format 2.
 *
 * <p>A repository has one random {@link dev.cairn.common.crypto.MasterKey}; each key file in its
 * {@code keys/} folder holds it wrapped under a key derived from one password ({@link
 * dev.cairn.common.crypto.KeyFile}). From the master key come the keys of everything else: the
 * blob cipher, the keyed hash that names chunks, and the chunker's gear table. {@link
 * dev.cairn.common.crypto.BlobCodec} turns a blob's content into the bytes a pack stores and back.
 */
package dev.cairn.common.crypto;
