/**
 * The scanner drives jobs. For a backup it walks the source tree without reading file content,
 * sends <em>batches</em> of files to hashers through a bounded
 * {@link dev.cairn.scanner.BatchWindow}, and builds each directory's tree bottom-up in a
 * {@link dev.cairn.scanner.DirectoryAssembly} as entries return; for a restore it walks a
 * snapshot's trees the same way. Each running job counts its work in
 * {@link dev.cairn.scanner.JobCounters}, published as progress a few times a second with rates
 * from {@link dev.cairn.scanner.Throughput}, and can be cancelled ({@link dev.cairn.scanner.Cancellation}).
 * It talks to other rooms only over the event bus.
 */
package dev.cairn.scanner;
