package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IndexLoad reads every index file of a repository into a new table.
 *
 * <p>A pack named by two index files, or a blob held by two packs, is what a prune interrupted
 * between writing its new index and deleting the old ones leaves, or an index whose commit failed
 * after its rename and was then written again whole; the first place found is kept.
 *
 * <p>An index file that is damaged (its content does not match its name, or it claims sizes no
 * index can hold) is set aside and named in {@link Loaded#damage}, rather than closing the whole
 * repository: every pack that no intact index names is then indexed from its own trailer, which
 * lists what it holds, so every snapshot whose packs are intact still restores. {@code check}
 * reports the damage; the next prune writes a whole new index and deletes the damaged one.
 */
final class IndexLoad {
  /** The table of every blob found, and one line for each index file set aside. */
  record Loaded(ChunkIndex table, List<String> damage) {}

  private IndexLoad() {}

  static Loaded load(Storage storage, RepositoryFormat format, List<String> indexFiles) throws IOException {
    List<SealedPack> loaded = new ArrayList<>();
    List<String> damage = new ArrayList<>();
    for (String name : indexFiles) {
      ChunkId id = ChunkId.fromHex(name.substring(IndexFile.FOLDER.length()));
      try {
        loaded.addAll(IndexFile.decode(format, id, BoundedRead.read(storage, name, BoundedRead.INDEX_BYTES)));
      } catch (IllegalArgumentException e) {
        damage.add("index file " + name + " is damaged and was set aside (" + e.getMessage()
            + "); the packs it named were indexed from their own trailers");
      }
    }
    if (!damage.isEmpty()) {
      loaded.addAll(fromTrailers(storage, format, loaded, damage));
    }
    ChunkIndex table = new ChunkIndex();
    table.reserve(loaded.stream().mapToLong(p -> p.entries().size()).sum());
    for (SealedPack pack : loaded) {
      table.addPack(pack.id(), pack.entries());
    }
    return new Loaded(table, List.copyOf(damage));
  }

  /** Reads the trailers of the packs on disk that no intact index names; a pack that cannot be read is named in {@code damage}. */
  private static List<SealedPack> fromTrailers(Storage storage, RepositoryFormat format, List<SealedPack> indexed,
      List<String> damage) throws IOException {
    Set<ChunkId> known = new HashSet<>();
    indexed.forEach(p -> known.add(p.id()));
    List<SealedPack> found = new ArrayList<>();
    for (String name : storage.list(PackFormat.FOLDER)) {
      String hex = name.substring(name.lastIndexOf('/') + 1);
      if (!ChunkId.isHex(hex) || known.contains(ChunkId.fromHex(hex))) {
        continue;
      }
      try {
        found.add(new SealedPack(ChunkId.fromHex(hex), PackFormat.readTrailer(storage, name, format)));
      } catch (IllegalArgumentException | IOException e) {
        damage.add("pack " + hex + ", named by no intact index, cannot be read: " + e.getMessage());
      }
    }
    return found;
  }
}
