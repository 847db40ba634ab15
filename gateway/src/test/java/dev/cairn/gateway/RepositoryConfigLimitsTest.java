package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** A repository config whose chunker asks for what the code cannot do is refused when the repository opens. */
@DisplayName("A repository config with chunker sizes out of range")
class RepositoryConfigLimitsTest {
  @TempDir Path work;

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "maxSize, 1073741824, 'allowed: 1048577 to 16777216'",
    "maxSize, 1048576, 'allowed: 1048577 to 16777216'",
    "minSize, 0, 'allowed: 64 to 1048575'",
    "avgSize, 1000, 'allowed: a power of two from 256 to 8388608'",
  })
  @DisplayName("is refused at open in one line naming the field, its value and the range allowed")
  void refusedAtOpen(String field, long value, String range) throws IOException {
    Path source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    Path repo = work.resolve("repo");
    assertThat(Rounds.backup(repo, source).exitCode()).isZero();
    Path config = repo.resolve("config");
    JsonObject json = new JsonObject(Files.readString(config));
    json.getJsonObject("chunker").put(field, value);
    Files.writeString(config, json.encodePrettily());

    for (Cli.Result r : new Cli.Result[] {Rounds.backup(repo, source), Cli.run("snapshots", "--repo", repo.toString())}) {
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.err().lines().toList()).as(r.toString()).singleElement().asString()
          .startsWith("cairn: " + repo + " cannot be used: its config's chunker " + field + " is " + value + "; ")
          .contains(range);
    }
  }
}
