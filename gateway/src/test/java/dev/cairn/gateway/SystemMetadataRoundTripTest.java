package dev.cairn.gateway;

import static dev.cairn.gateway.OwnershipRestoreTest.gid;
import static dev.cairn.gateway.OwnershipRestoreTest.mode;
import static dev.cairn.gateway.OwnershipRestoreTest.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.common.RawPaths;
import dev.cairn.common.posix.Accounts;
import dev.cairn.common.posix.Ownership;
import dev.cairn.common.posix.Xattrs;
import dev.cairn.common.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backup of a whole system needs besides content: attributes, ACLs, FIFOs, devices. */
@DisplayName("A backup and restore run as root")
class SystemMetadataRoundTripTest {
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHAR_DEVICE = 0020000;
  /** The device number of /dev/null: major 1, minor 3. */
  private static final long DEV_NULL = 0x103;

  @TempDir Path work;
  Path repo;
  Path source;
  Path target;

  @BeforeEach
  void paths() throws IOException {
    assumeTrue(Accounts.euid() == 0, "only root can make devices and give files away");
    repo = work.resolve("repo");
    source = Files.createDirectories(work.resolve("src"));
    target = work.resolve("restored");
  }

  /** An access ACL granting user 1234 read beside the owner, group and others, as setfacl writes it. */
  static byte[] accessAcl() {
    // Version 2, then (tag, permissions, id) per entry: user::rw-, user:1234:r--, group::r--, mask::r--, other::r--.
    int[][] entries = {{0x01, 6, -1}, {0x02, 4, 1234}, {0x04, 4, -1}, {0x10, 4, -1}, {0x20, 4, -1}};
    ByteBuffer acl = ByteBuffer.allocate(4 + entries.length * 8).order(ByteOrder.LITTLE_ENDIAN).putInt(2);
    for (int[] entry : entries) {
      acl.putShort((short) entry[0]).putShort((short) entry[1]).putInt(entry[2]);
    }
    return acl.array();
  }

  private void backUpAndRestore(String... restoreFlags) {
    Cli.Result backup = Rounds.backup(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    Cli.Result restore = Rounds.restore(repo, target, restoreFlags);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
  }

  private static List<Xattr> xattrs(Path path) throws IOException {
    return Xattrs.read(RawPaths.bytes(path));
  }

  @Test
  @DisplayName("brings back user.* attributes and a POSIX ACL, on files and directories")
  void xattrsAndAcls() throws IOException {
    Path file = Files.writeString(source.resolve("notes.txt"), "notes");
    Path dir = Files.createDirectories(source.resolve("shared"));
    Xattrs.write(RawPaths.bytes(file), Xattr.of("user.origin", "scanner".getBytes(StandardCharsets.UTF_8)));
    Xattrs.write(RawPaths.bytes(file), Xattr.of("system.posix_acl_access", accessAcl()));
    Xattrs.write(RawPaths.bytes(dir), Xattr.of("system.posix_acl_default", accessAcl()));
    Xattrs.write(RawPaths.bytes(dir), Xattr.of("trusted.tier", new byte[] {0, 1, 2}));

    backUpAndRestore();

    Path restoredFile = Rounds.restoredAt(target, file);
    Path restoredDir = Rounds.restoredAt(target, dir);
    assertThat(xattrs(restoredFile)).isEqualTo(xattrs(file)).extracting(Xattr::printableName)
        .containsExactly("system.posix_acl_access", "user.origin");
    assertThat(xattrs(restoredDir)).isEqualTo(xattrs(dir)).hasSize(2);
    assertThat(mode(restoredFile)).isEqualTo(mode(file));
  }

  @Test
  @DisplayName("brings back a FIFO and a character device with their numbers, modes and owners")
  void fifoAndDevice() throws IOException, InterruptedException {
    Path fifo = source.resolve("queue");
    Path device = source.resolve("null");
    run("mkfifo", "-m", "0640", fifo.toString());
    run("mknod", "-m", "0666", device.toString(), "c", "1", "3");
    Ownership.lchown(RawPaths.bytes(fifo), 1234, 4321); // chmod through the JDK would open the FIFO, and wait

    backUpAndRestore();

    Path restoredFifo = Rounds.restoredAt(target, fifo);
    Path restoredDevice = Rounds.restoredAt(target, device);
    assertThat(rawMode(restoredFifo) & TYPE_MASK).as("a FIFO").isEqualTo(FIFO);
    assertThat(mode(restoredFifo)).isEqualTo(0640);
    assertThat(uid(restoredFifo)).isEqualTo(1234);
    assertThat(gid(restoredFifo)).isEqualTo(4321);
    assertThat(rawMode(restoredDevice) & TYPE_MASK).as("a character device").isEqualTo(CHAR_DEVICE);
    assertThat((Long) Files.getAttribute(restoredDevice, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(DEV_NULL);
    assertThat(mode(restoredDevice)).isEqualTo(0666);
    Cli.Result ls = Cli.run("ls", "--repo", repo.toString(), "latest", source.toString());
    assertThat(ls.out()).containsPattern("prw-r----- 1234/4321 +0 .* " + fifo + "\n")
        .containsPattern("crw-rw-rw- root/root +1, 3 .* " + device + "\n");
  }

  @Test
  @DisplayName("without the power to make devices, names the device it cannot make and restores the rest")
  void deviceAsUser() throws IOException, InterruptedException {
    Path device = source.resolve("null");
    run("mknod", "-m", "0666", device.toString(), "c", "1", "3");
    Files.writeString(source.resolve("plain.txt"), "plain");
    Cli.Result backup = Rounds.backup(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();

    Cli.Result r = Unprivileged.runWithout("-mknod", "restore", "--repo", repo.toString(), "latest",
        "--target", target.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("cairn: " + Rounds.restoredAt(target, device) + ": mknod: Operation not permitted")
        .doesNotContain("Exception");
    assertThat(Rounds.restoredAt(target, source).resolve("plain.txt")).hasContent("plain");
  }

  private static int rawMode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
  }
}
