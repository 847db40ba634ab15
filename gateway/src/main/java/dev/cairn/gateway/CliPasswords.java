package dev.cairn.gateway;

import dev.cairn.common.crypto.PasswordSource;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CliPasswords is where a command finds a repository's password: a password file given on the
 * command line, else the environment (CAIRN_PASSWORD_FILE, CAIRN_PASSWORD, CAIRN_PASSWORD_COMMAND,
 * in that order), else a prompt on the terminal. It is asked only when an encrypted repository
 * needs it, and remembers the answer for the process: a node's store, hashers and scanner ask
 * once between them.
 */
final class CliPasswords implements PasswordSource {
  /** How to give a password when there is no terminal to ask on. */
  static final String FOUR_WAYS = "give --password-file, CAIRN_PASSWORD_FILE, CAIRN_PASSWORD or CAIRN_PASSWORD_COMMAND";
  /** How long CAIRN_PASSWORD_COMMAND may take, e.g. to ask a secret manager over the network. */
  static final long COMMAND_SECONDS = 30;

  private final Path file;
  private final Map<String, String> environment;
  private char[] known;

  /** A source that reads {@code file} if given, else {@code environment}, else asks on the terminal. */
  CliPasswords(Path file, Map<String, String> environment) {
    this.file = file;
    this.environment = environment;
  }

  @Override
  public synchronized char[] password(boolean creating) {
    if (known == null) {
      known = find(creating);
    }
    if (creating && known.length == 0) {
      throw new MissingPassword("an empty password is refused for a new key: anyone could open the repository");
    }
    // The caller wipes what it is given once used: each call gets a copy.
    return known.clone();
  }

  @Override
  public synchronized boolean asks() {
    return known == null && file == null && !given("CAIRN_PASSWORD_FILE") && environment.get("CAIRN_PASSWORD") == null
        && !given("CAIRN_PASSWORD_COMMAND");
  }

  private boolean given(String variable) {
    String value = environment.get(variable);
    return value != null && !value.isBlank();
  }

  private char[] find(boolean creating) {
    if (file != null) {
      return fromFile(file, "--password-file");
    }
    String envFile = environment.get("CAIRN_PASSWORD_FILE");
    if (envFile != null && !envFile.isEmpty()) {
      return fromFile(Path.of(envFile), "CAIRN_PASSWORD_FILE");
    }
    String inline = environment.get("CAIRN_PASSWORD");
    if (inline != null) {
      return inline.toCharArray();
    }
    String command = environment.get("CAIRN_PASSWORD_COMMAND");
    if (command != null && !command.isBlank()) {
      return fromCommand(command);
    }
    Console console = System.console();
    if (console == null) {
      throw new MissingPassword("the repository is encrypted and there is no terminal to ask for its password: "
          + FOUR_WAYS);
    }
    return prompt(console, creating ? "Password for the new key: " : "Repository password: ", creating);
  }

  /** Asks on the terminal, twice if {@code twice}; the two answers must match. */
  static char[] prompt(Console console, String question, boolean twice) {
    char[] first = console.readPassword("%s", question);
    if (first == null) {
      throw new MissingPassword("no password was typed (end of input)");
    }
    if (twice) {
      char[] again = console.readPassword("%s", "Again, to be sure: ");
      boolean same = again != null && Arrays.equals(first, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new MissingPassword("the two passwords typed differ; nothing was changed");
      }
    }
    return first;
  }

  /** The first line of {@code path}, without its line end. */
  static char[] fromFile(Path path, String what) {
    try {
      if (Files.size(path) > 64 << 10) {
        throw new MissingPassword(what + " " + path + " is no password file: it is larger than 64 KiB");
      }
      return firstLine(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new MissingPassword("cannot read the password file " + path + " (" + what + "): "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  /** The first line the command prints, run through {@code sh -c}. */
  private static char[] fromCommand(String command) {
    Process process;
    try {
      process = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new MissingPassword("cannot run CAIRN_PASSWORD_COMMAND: " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> drain(process.getInputStream(), out), "cairn-password-command");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new MissingPassword("CAIRN_PASSWORD_COMMAND gave no password within " + COMMAND_SECONDS + " s");
      }
      reader.join(TimeUnit.SECONDS.toMillis(COMMAND_SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MissingPassword("interrupted waiting for CAIRN_PASSWORD_COMMAND");
    }
    if (process.exitValue() != 0) {
      throw new MissingPassword("CAIRN_PASSWORD_COMMAND failed (exit " + process.exitValue() + "): no password");
    }
    synchronized (out) {
      return firstLine(out.toByteArray());
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The command ended; what it printed so far is all there is.
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /** The text of {@code bytes} up to the first line end, decoded as UTF-8; the bytes are wiped. */
  private static char[] firstLine(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
    char[] password = Arrays.copyOf(chars.array(), chars.limit());
    Arrays.fill(chars.array(), '\0');
    Arrays.fill(bytes, (byte) 0);
    return password;
  }
}
