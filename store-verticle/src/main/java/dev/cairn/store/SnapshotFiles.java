package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.crypto.BlobCodec.FileKind;
import dev.cairn.common.Failures;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * SnapshotFiles reads and writes the {@code snapshots/} folder: one JSON file per snapshot (sealed in
 * format 2), named by the hash of its stored bytes.
 */
final class SnapshotFiles {
  static final String FOLDER = "snapshots/";
  static final String LATEST = "latest";

  private static final Logger LOG = Logger.getLogger(SnapshotFiles.class.getName());

  private final Storage storage;
  private final RepositoryFormat format;
  /** The damaged snapshot files already logged, so that each is logged once. */
  private final Set<ChunkId> warned = ConcurrentHashMap.newKeySet();

  SnapshotFiles(Storage storage, RepositoryFormat format) {
    this.storage = storage;
    this.format = format;
  }

  Snapshot write(Snapshot snapshot) throws IOException {
    byte[] content = snapshot.withId(null).toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
    byte[] stored = format.seal(FileKind.SNAPSHOT, content);
    ChunkId id = format.name(stored);
    Repository.writeFile(storage, FOLDER + id.hex(), stored);
    return snapshot.withId(id);
  }

  /** Deletes snapshot {@code id}'s file. */
  void remove(ChunkId id) {
    try {
      storage.delete(FOLDER + id.hex());
    } catch (IOException e) {
      throw Repository.storageFailure("cannot remove snapshot " + id.shortHex(), e);
    }
  }

  /** The ids of every snapshot file. */
  List<ChunkId> ids() {
    try {
      List<ChunkId> ids = new ArrayList<>();
      for (String name : storage.list(FOLDER)) {
        String hex = name.substring(FOLDER.length());
        if (ChunkId.isHex(hex)) {
          ids.add(ChunkId.fromHex(hex));
        }
      }
      return ids;
    } catch (IOException e) {
      throw Repository.storageFailure("cannot list snapshots", e);
    }
  }

  /** Reads one snapshot and checks it matches its name. */
  Snapshot read(ChunkId id) {
    byte[] content;
    try {
      content = BoundedRead.read(storage, FOLDER + id.hex(), BoundedRead.SNAPSHOT_BYTES);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot read snapshot " + id.shortHex(), e);
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, "snapshot " + id.hex() + " is damaged: " + e.getMessage(), e);
    }
    if (!format.name(content).equals(id)) {
      throw new RepositoryException(Failures.CORRUPT, "snapshot " + id.hex() + " is damaged (its content does not match its name)");
    }
    try {
      content = format.open(FileKind.SNAPSHOT, content, "snapshot " + id.hex());
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, e.getMessage(), e);
    }
    try {
      return Snapshot.fromJson(id, new JsonObject(new String(content, StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      throw new RepositoryException(Failures.CORRUPT, "snapshot " + id.hex() + " is malformed: " + e.getMessage(), e);
    }
  }

  /** The snapshots that could be read, oldest first, and a line naming each snapshot file that could not. */
  record Listing(List<Snapshot> snapshots, List<String> damaged) {}

  /**
   * Lists every snapshot, oldest first, leaving out each file that is damaged: one bad file must not
   * hide every other snapshot, nor stop a forget of them. A file left out is logged once, and
   * {@link RepositoryCheck} still reports it; a storage failure still fails the whole listing.
   */
  Listing listing() {
    List<Snapshot> all = new ArrayList<>();
    List<String> damaged = new ArrayList<>();
    for (ChunkId id : ids()) {
      try {
        all.add(read(id));
      } catch (RepositoryException e) {
        if (e.code() != Failures.CORRUPT) {
          throw e;
        }
        String line = e.getMessage() + "; it is not listed: remove or repair " + FOLDER + id.hex();
        damaged.add(line);
        if (warned.add(id)) {
          LOG.warning(line);
        }
      }
    }
    all.sort(Comparator.comparing(Snapshot::time).thenComparing(Snapshot::id));
    return new Listing(all, damaged);
  }

  /** Every snapshot that can be read, oldest first (see {@link #listing}). */
  List<Snapshot> all() {
    return listing().snapshots();
  }

  /** Finds a snapshot by full id, unique prefix, or {@code latest}. */
  Snapshot find(String ref) {
    if (LATEST.equals(ref)) {
      List<Snapshot> all = all();
      if (all.isEmpty()) {
        throw new RepositoryException(Failures.NOT_FOUND, "the repository has no snapshots yet");
      }
      return all.get(all.size() - 1);
    }
    String prefix = ref.toLowerCase();
    if (prefix.isEmpty() || !prefix.chars().allMatch(ChunkId::isHexDigit)) {
      throw new RepositoryException(Failures.BAD_INPUT, "'" + ref + "' is not a snapshot id, prefix or 'latest'");
    }
    List<ChunkId> matches = ids().stream().filter(id -> id.hex().startsWith(prefix)).toList();
    if (matches.isEmpty()) {
      throw new RepositoryException(Failures.NOT_FOUND, "no snapshot matches '" + ref + "'");
    }
    if (matches.size() > 1) {
      throw new RepositoryException(Failures.CONFLICT, "'" + ref + "' matches " + matches.size() + " snapshots; give more of the id");
    }
    return read(matches.get(0));
  }
}
