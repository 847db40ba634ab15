/**
 * The scanner drives jobs. For a backup it walks the source tree without reading file content,
 * sends <em>batches</em> of files to hashers through a bounded
 * {@link dev.cairn.scanner.BatchWindow}, and builds each directory's tree bottom-up in a
 * {@link dev.cairn.scanner.DirectoryAssembly} as entries return; for a restore it walks a
 * snapshot's trees the same way. It talks to other rooms only over the event bus.
 */
package dev.cairn.scanner;
