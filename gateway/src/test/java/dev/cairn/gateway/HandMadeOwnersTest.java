package dev.cairn.gateway;

import static dev.cairn.gateway.OwnershipRestoreTest.gid;
import static dev.cairn.gateway.OwnershipRestoreTest.mode;
import static dev.cairn.gateway.OwnershipRestoreTest.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.posix.Accounts;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.Owner;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.common.wire.WireOut;
import dev.cairn.store.Repository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots from elsewhere: another machine's owners, and trees written before owners were recorded. */
@DisplayName("A restore run as root of a snapshot from elsewhere")
class HandMadeOwnersTest {
  private static final byte[] CONTENT = "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path work;
  Path repo;
  Path target;

  @BeforeEach
  void paths() {
    assumeTrue(Accounts.euid() == 0, "only root can give a file to another user");
    repo = work.resolve("repo");
    target = work.resolve("restored");
  }

  @Test
  @DisplayName("gives a file to its owner by name where the name exists here, and by number with --numeric-owner")
  void byNameOrNumber() throws IOException {
    // On the machine backed up, daemon was user 4242 and group 4243; here daemon is 1:1.
    Owner elsewhere = new Owner(4242, 4243, "daemon", "daemon");
    commit(new Node(Node.Kind.FILE, "tool".getBytes(StandardCharsets.UTF_8), 04750, 0, 0, 1, CONTENT.length,
        List.of(hash(CONTENT)), null, null, 0, 1, elsewhere, List.of(), 0));
    int daemonUid = Accounts.uid("daemon").orElseThrow();
    int daemonGid = Accounts.gid("daemon").orElseThrow();

    Cli.Result byName = Rounds.restore(repo, target.resolve("by-name"));
    Cli.Result byNumber = Rounds.restore(repo, target.resolve("by-number"), "--numeric-owner");

    assertThat(byName.exitCode()).as(byName.toString()).isZero();
    assertThat(byNumber.exitCode()).as(byNumber.toString()).isZero();
    Path named = target.resolve("by-name/data/tool");
    Path numbered = target.resolve("by-number/data/tool");
    assertThat(List.of(uid(named), gid(named))).containsExactly(daemonUid, daemonGid);
    assertThat(List.of(uid(numbered), gid(numbered))).containsExactly(4242, 4243);
    assertThat(mode(named)).isEqualTo(04750);
    assertThat(mode(numbered)).isEqualTo(04750);
    Cli.Result ls = Cli.run("ls", "--repo", repo.toString(), "latest", "/data/tool");
    assertThat(ls.out()).startsWith("-rwsr-x--- daemon/daemon ");
  }

  @Test
  @DisplayName("of a tree written before owners were recorded, leaves no set-uid bit on the root-owned file")
  void oldTreeLosesSetUid() throws IOException {
    byte[] name = "old-bash".getBytes(StandardCharsets.UTF_8);
    // Format 2, field by field: kind, name, mode, mtime, ctime, inode, size, chunks, subtree, target, device, links.
    byte[] oldTree = new WireOut().u8(2).i32(1).u8(Node.Kind.FILE.ordinal()).bytes(name).i32(04755).i64(0).i64(0)
        .i64(1).i64(CONTENT.length).i32(1).id(hash(CONTENT)).id(null).bytes(null).i64(0).i64(1).buffer().getBytes();
    commitTree(oldTree);

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path restored = target.resolve("data/old-bash");
    assertThat(restored).hasBinaryContent(CONTENT);
    assertThat(uid(restored)).isZero();
    assertThat(mode(restored)).isEqualTo(0755);
  }

  private static ChunkId hash(byte[] content) {
    return ContentHash.blake3().hash(content);
  }

  private void commit(Node file) {
    commitTree(TreeCodec.encode(List.of(file)));
  }

  /** Commits a snapshot of /data holding {@code dataTree} and the chunk of {@link #CONTENT}. */
  private void commitTree(byte[] dataTree) {
    Blob data = blob(BlobType.TREE, dataTree);
    Node dir = new Node(Node.Kind.DIRECTORY, "data".getBytes(StandardCharsets.UTF_8), 0755, 0, 0, 2, 0, List.of(),
        data.id(), null);
    Blob root = blob(BlobType.TREE, TreeCodec.encode(List.of(dir)));
    try (Repository repository = Repository.open(repo, true, ChunkerParams.defaults())) {
      repository.put(PlainBlobs.stored(List.of(blob(BlobType.DATA, CONTENT), data, root)));
      repository.commit(new Snapshot(null, Instant.now(), "elsewhere", List.of("/data"), root.id(),
          new Snapshot.Totals(1, 1, CONTENT.length, 0, 0, 0), List.of()));
    }
  }

  private static Blob blob(BlobType type, byte[] content) {
    return new Blob(type, hash(content), ByteBuffer.wrap(content));
  }
}
