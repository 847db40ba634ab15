package dev.cairn.common.message;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Slabs;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.nio.ByteBuffer;
import java.util.List;

/** StoreMessages are the requests the store answers and its replies. */
public final class StoreMessages {
  /**
   * The header of every store reply that names the repository it comes from ({@link
   * Info#repositoryId}), so a job pinned to one repository fails on a reply from another.
   */
  public static final String REPOSITORY_HEADER = "cairn-repository";

  private StoreMessages() {}

  /** Asks for the repository's identity and the parameters every writer must use; answered with {@link Info}. */
  public record Describe() {
    void write(WireOut out) {}

    static Describe read(WireIn in) {
      return new Describe();
    }
  }

  /**
   * The identity of a repository and how it is written: the chunker and hash every backup into it
   * must use, or deduplication across snapshots breaks. {@code instance} names the store process
   * that answered (empty in the config file): it changes whenever the store restarts, which is how a
   * backup learns that chunks it was told exist may have been lost with a killed store's open pack.
   *
   * @param encryption the cipher's versioned name, or {@value #NO_ENCRYPTION}
   * @param compression how blobs are compressed by default ({@code off}, {@code auto}, {@code max}, with a level)
   * @param keyFiles an encrypted repository's key files, each the master key wrapped under one
   *     password, so that a node without the repository unlocks it with its own password
   */
  public record Info(String repositoryId, int version, ChunkerParams chunker, String hash, String instance,
      String encryption, String compression, List<byte[]> keyFiles) {
    /** The {@code encryption} of a plain-text repository. */
    public static final String NO_ENCRYPTION = "none";

    public Info {
      keyFiles = List.copyOf(keyFiles);
    }

    /** A plain-text repository's identity. */
    public Info(String repositoryId, int version, ChunkerParams chunker, String hash, String instance) {
      this(repositoryId, version, chunker, hash, instance, NO_ENCRYPTION, "off", List.of());
    }

    /** Reports whether the repository is encrypted. */
    public boolean encrypted() {
      return !NO_ENCRYPTION.equals(encryption);
    }

    void write(WireOut out) {
      out.str(repositoryId).i32(version).str(chunker.algorithm()).i32(chunker.minSize()).i32(chunker.avgSize())
          .i32(chunker.maxSize()).str(hash).str(instance).str(encryption).str(compression)
          .list(keyFiles, WireOut::bytes);
    }

    static Info read(WireIn in) {
      return new Info(in.str(), in.i32(), new ChunkerParams(in.str(), in.i32(), in.i32(), in.i32()), in.str(),
          in.str(), in.str(), in.str(), in.list(WireIn::bytes));
    }

    /** This repository's identity as answered by the store process {@code instance}. */
    public Info answeredBy(String instance) {
      return new Info(repositoryId, version, chunker, hash, instance, encryption, compression, keyFiles);
    }

    /** This repository's identity with its key files {@code keys}. */
    public Info withKeyFiles(List<byte[]> keys) {
      return new Info(repositoryId, version, chunker, hash, instance, encryption, compression, keys);
    }
  }

  /** Asks which of {@code ids} the repository already holds. */
  public record Has(List<ChunkId> ids) {
    public Has {
      ids = List.copyOf(ids);
    }

    void write(WireOut out) {
      out.list(ids, WireOut::id);
    }

    static Has read(WireIn in) {
      return new Has(in.list(WireIn::id));
    }
  }

  /** Answers {@link Has}: {@code known[i]} is whether {@code ids[i]} is stored or being stored. */
  public record HasReply(boolean[] known) {
    void write(WireOut out) {
      out.i32(known.length);
      for (boolean k : known) {
        out.bool(k);
      }
    }

    static HasReply read(WireIn in) {
      List<Boolean> flags = in.list(WireIn::bool);
      boolean[] known = new boolean[flags.size()];
      for (int i = 0; i < known.length; i++) {
        known[i] = flags.get(i);
      }
      return new HasReply(known);
    }
  }

  /**
   * A blob on its way into or out of the store.
   *
   * @param data the content, read from its position to its limit; never modified after sending
   * @param received whether the blob arrived from another node: its bytes crossed a network and
   *     must be checked against its id before anyone relies on them. A blob made in this JVM was
   *     hashed by the code that made it and travels by reference.
   */
  public record Blob(BlobType type, ChunkId id, ByteBuffer data, boolean received) {
    /** A blob made in this JVM. */
    public Blob(BlobType type, ChunkId id, ByteBuffer data) {
      this(type, id, data, false);
    }

    /** The content length. */
    public int length() {
      return data.remaining();
    }

    /** Returns a copy of the content. */
    public byte[] bytes() {
      byte[] copy = new byte[data.remaining()];
      data.duplicate().get(copy);
      return copy;
    }

    void write(WireOut out) {
      out.u8(type.ordinal()).id(id);
      if (data.hasArray()) {
        out.bytes(data.array(), data.arrayOffset() + data.position(), data.remaining());
      } else {
        out.bytes(bytes());
      }
    }

    static Blob read(WireIn in) {
      return new Blob(BlobType.of(in.u8()), in.id(), ByteBuffer.wrap(in.bytes()), true);
    }
  }

  /**
   * A blob in the form the repository stores it: its content as it is in a plain-text repository,
   * sealed (compressed and encrypted) in an encrypted one, so that a blob on its way into the store
   * is already ciphertext.
   *
   * @param stored the stored form, read from its position to its limit; never modified after sending
   * @param contentLength the length of the content the stored form holds
   * @param received whether the blob arrived from another node, as for {@link Blob#received}
   */
  public record StoredBlob(BlobType type, ChunkId id, ByteBuffer stored, int contentLength, boolean received) {
    /** A blob made in this JVM. */
    public StoredBlob(BlobType type, ChunkId id, ByteBuffer stored, int contentLength) {
      this(type, id, stored, contentLength, false);
    }

    /** The stored length. */
    public int length() {
      return stored.remaining();
    }

    void write(WireOut out) {
      out.u8(type.ordinal()).id(id).i32(contentLength);
      if (stored.hasArray()) {
        out.bytes(stored.array(), stored.arrayOffset() + stored.position(), stored.remaining());
      } else {
        byte[] copy = new byte[stored.remaining()];
        stored.duplicate().get(copy);
        out.bytes(copy);
      }
    }

    static StoredBlob read(WireIn in) {
      BlobType type = BlobType.of(in.u8());
      ChunkId id = in.id();
      int contentLength = in.i32();
      return new StoredBlob(type, id, ByteBuffer.wrap(in.bytes()), contentLength, true);
    }
  }

  /** Stores blobs; a blob the repository already holds is skipped, so a put is idempotent. */
  public record Put(List<StoredBlob> blobs) {
    public Put {
      blobs = List.copyOf(blobs);
    }

    void write(WireOut out) {
      out.list(blobs, (o, b) -> b.write(o));
    }

    static Put read(WireIn in) {
      return new Put(in.list(StoredBlob::read));
    }
  }

  /** Answers {@link Put}: how many blobs and bytes were new to the repository. */
  public record PutReply(int storedBlobs, long storedBytes) {
    void write(WireOut out) {
      out.i32(storedBlobs).i64(storedBytes);
    }

    static PutReply read(WireIn in) {
      return new PutReply(in.i32(), in.i64());
    }
  }

  /** Fetches one blob, verified against its id; answered with a {@link Blob}. */
  public record Get(BlobType type, ChunkId id) {
    void write(WireOut out) {
      out.u8(type.ordinal()).id(id);
    }

    static Get read(WireIn in) {
      return new Get(BlobType.of(in.u8()), in.id());
    }
  }

  /**
   * Fetches data blobs in order, as many as fit in {@code maxBytes} (at least one); answered with
   * {@link Blobs}. The store reads them in pack order and checks each against its id.
   */
  public record GetMany(List<ChunkId> ids, int maxBytes) {
    public GetMany {
      ids = List.copyOf(ids);
    }

    void write(WireOut out) {
      out.list(ids, WireOut::id).i32(maxBytes);
    }

    static GetMany read(WireIn in) {
      return new GetMany(in.list(WireIn::id), in.i32());
    }
  }

  /**
   * Answers {@link GetMany}: the first blobs asked for, in the order asked.
   *
   * @param slab the {@link Slabs} slab the blobs' bytes lie in, or {@code null}. Whoever consumes
   *     the blobs gives it back once they are written out: the receiver within one JVM, and the
   *     encoding itself when the blobs go to another node.
   */
  public record Blobs(List<Blob> blobs, ByteBuffer slab) {
    public Blobs {
      blobs = List.copyOf(blobs);
    }

    /** Blobs in buffers of their own. */
    public Blobs(List<Blob> blobs) {
      this(blobs, null);
    }

    /** Gives the slab back for reuse: the blobs must not be read after this. */
    public void release() {
      Slabs.give(slab);
    }

    void write(WireOut out) {
      out.list(blobs, (o, b) -> b.write(o));
      release();
    }

    static Blobs read(WireIn in) {
      return new Blobs(in.list(Blob::read));
    }
  }

  /**
   * Seals open packs, writes the index, then the snapshot; answered with the snapshot.
   * {@code storeInstance} is the {@link Info#instance} the backup saw when it began: a store that
   * has restarted since first checks that every blob under the snapshot's tree is still there.
   */
  public record Commit(Snapshot snapshot, String storeInstance) {
    void write(WireOut out) {
      snapshot.write(out);
      out.str(storeInstance);
    }

    static Commit read(WireIn in) {
      return new Commit(Snapshot.read(in), in.str());
    }
  }

  /** Finds one snapshot by full id, unique prefix or {@code latest}; answered with a {@link Snapshot}. */
  public record FindSnapshot(String ref) {
    void write(WireOut out) {
      out.str(ref);
    }

    static FindSnapshot read(WireIn in) {
      return new FindSnapshot(in.str());
    }
  }

  /** Lists every snapshot, oldest first; answered with a {@link SnapshotList}. */
  public record ListSnapshots() {
    void write(WireOut out) {}

    static ListSnapshots read(WireIn in) {
      return new ListSnapshots();
    }
  }

  /**
   * The snapshots of a repository that could be read, oldest first, and one line for each snapshot
   * file that could not, naming it ({@code damaged}).
   */
  public record SnapshotList(List<Snapshot> snapshots, List<String> damaged) {
    public SnapshotList {
      snapshots = List.copyOf(snapshots);
      damaged = List.copyOf(damaged);
    }

    /** A list with every snapshot file read. */
    public SnapshotList(List<Snapshot> snapshots) {
      this(snapshots, List.of());
    }

    void write(WireOut out) {
      out.list(snapshots, (o, s) -> s.write(o)).list(damaged, WireOut::str);
    }

    static SnapshotList read(WireIn in) {
      return new SnapshotList(in.list(Snapshot::read), in.list(WireIn::str));
    }
  }

  /**
   * Checks the repository's structure and, with {@code readData}, the content of the packs
   * {@code subset} names: every pack if it is empty, else a share such as {@code 10%} (drawn with
   * {@code seed}) or a part such as {@code 1/5}.
   */
  public record Check(boolean readData, String subset, long seed) {
    /** A check that reads every pack's content, or none. */
    public Check(boolean readData) {
      this(readData, "", 0);
    }

    void write(WireOut out) {
      out.bool(readData).str(subset).i64(seed);
    }

    static Check read(WireIn in) {
      return new Check(in.bool(), in.str(), in.i64());
    }
  }

  /**
   * Answers {@link Check}: what was examined and every problem found, each naming the pack, blob
   * or snapshot it concerns, and how many of the packs were read. An empty problem list means
   * the repository is sound.
   */
  public record CheckReport(int snapshots, int packs, long blobs, int packsRead, long bytesRead, List<String> problems) {
    public CheckReport {
      problems = List.copyOf(problems);
    }

    void write(WireOut out) {
      out.i32(snapshots).i32(packs).i64(blobs).i32(packsRead).i64(bytesRead).list(problems, WireOut::str);
    }

    static CheckReport read(WireIn in) {
      return new CheckReport(in.i32(), in.i32(), in.i64(), in.i32(), in.i64(), in.list(WireIn::str));
    }
  }
}
