/**
 * The hasher owns file content. For a backup it reads each file in large <em>pieces</em>, cuts
 * and hashes chunks, asks the store which are new and sends only those; for a restore it fetches
 * chunks, verifies each against its id, and writes the file. It never decides what to back up.
 */
package dev.cairn.hasher;
