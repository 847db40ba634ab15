/**
 * The store owns the repository: immutable <em>packs</em> of blobs named by their hash, the
 * <em>index</em> that says which pack holds which blob, and <em>snapshots</em>. Files are written
 * whole and durable before they are named, always in the order packs, index, snapshot; every
 * read is verified against its id. {@link dev.cairn.store.Storage} is the seam where tests inject
 * faults. One store serves a repository at a time (its <em>lock</em> file); running jobs hold
 * <em>leases</em>, and <em>prune</em> deletes only while none is held.
 */
package dev.cairn.store;
