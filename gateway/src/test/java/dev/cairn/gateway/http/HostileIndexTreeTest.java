package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.gateway.RepositoryDamage;
import dev.cairn.store.Repository;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index file whose entries claim 2^31-1 bytes each, met by a real server's tree API: the
 * server allocates nothing for the claim, stays up, and answers from the packs themselves.
 */
@DisplayName("The tree API over a repository whose index claims impossible sizes")
class HostileIndexTreeTest {
  @TempDir Path work;

  @Test
  @DisplayName("answers the tree of every snapshot and stays up")
  void treeOfDamagedIndex() throws IOException {
    Path repo = work.resolve("repo");
    String first = commit(repo, "first.txt");
    Path firstIndex = RepositoryDamage.indexFiles(repo).get(0);
    String second = commit(repo, "second.txt");
    RepositoryDamage.claimLength(firstIndex, Integer.MAX_VALUE);

    try (Served api = new Served(repo)) {
      for (String[] snapshot : new String[][] {{first, "first.txt"}, {second, "second.txt"}}) {
        HttpResponse<Buffer> r = api.get("/api/snapshots/" + snapshot[0] + "/tree?path=/");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject tree = r.bodyAsJsonObject();
        assertThat(tree.getInteger("total")).isEqualTo(1);
        assertThat(tree.getJsonArray("entries").getJsonObject(0).getString("name")).isEqualTo(snapshot[1]);
      }
      assertThat(api.get("/api/snapshots").statusCode()).isEqualTo(200);
    }
  }

  /** Commits a snapshot of one file, {@code name}, in a session of its own, so it gets an index file of its own. */
  private static String commit(Path repo, String name) {
    ContentHash hash = ContentHash.blake3();
    byte[] content = name.getBytes(StandardCharsets.UTF_8);
    Blob data = new Blob(BlobType.DATA, hash.hash(content), ByteBuffer.wrap(content));
    Node file = new Node(Node.Kind.FILE, content, 0644, 0, 0, 1, content.length, List.of(data.id()), null, null);
    byte[] treeBytes = TreeCodec.encode(List.of(file));
    Blob tree = new Blob(BlobType.TREE, hash.hash(treeBytes), ByteBuffer.wrap(treeBytes));
    try (Repository repository = Repository.open(repo, true, ChunkerParams.defaults())) {
      repository.put(dev.cairn.gateway.PlainBlobs.stored(List.of(data, tree)));
      return repository.commit(new Snapshot(null, Instant.now(), "host", List.of("/"), tree.id(),
          new Snapshot.Totals(1, 0, content.length, content.length, 2, 0), List.of())).id().hex();
    }
  }
}
