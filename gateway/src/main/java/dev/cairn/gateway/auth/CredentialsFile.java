package dev.cairn.gateway.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * CredentialsFile is {@code credentials.json} in the gateway's state directory: the API tokens
 * and the users, as hashes only. Every change is a whole new file renamed into place under a lock,
 * so the command line and a running gateway can share it; the gateway reads it again whenever the
 * file it last read has been replaced, so a revoked token is refused at its next request.
 */
public final class CredentialsFile {
  public static final String FILE = "credentials.json";
  public static final String FIRST_ADMIN_TOKEN = "admin-token";
  /** A hash no token has, compared against when a token names no entry, so both cases take as long. */
  private static final byte[] NO_TOKEN = new byte[32];
  private static final Logger LOG = Logger.getLogger(CredentialsFile.class.getName());

  private final StateDirectory state;
  private final Clock clock;
  private Credentials cached = Credentials.EMPTY;
  private Object cachedKey;

  public CredentialsFile(Path stateDir, Clock clock) {
    this.state = new StateDirectory(stateDir);
    this.clock = clock;
  }

  public CredentialsFile(Path stateDir) {
    this(stateDir, Clock.systemUTC());
  }

  /** The file's path. */
  public Path path() {
    return state.path().resolve(FILE);
  }

  /** The caller a bearer token proves, if it names a live token. */
  public Optional<Caller> caller(String tokenText) throws IOException {
    String id = ApiToken.idOf(tokenText);
    Optional<ApiToken> entry = id == null ? Optional.empty()
        : current().tokens().stream().filter(t -> t.id().equals(id)).findFirst();
    byte[] expected = entry.map(ApiToken::sha256).orElse(NO_TOKEN);
    boolean same = MessageDigest.isEqual(Secrets.sha256(tokenText == null ? "" : tokenText), expected);
    return same && entry.isPresent()
        ? Optional.of(new Caller(entry.get().name(), entry.get().role(), "token")) : Optional.empty();
  }

  /** The user {@code name} if {@code password} is theirs; slow on purpose, run off the event loop. */
  public Optional<GatewayUser> signIn(String name, char[] password) throws IOException {
    Optional<GatewayUser> user = user(name);
    boolean matches = user.map(GatewayUser::password).orElseGet(() -> NoUser.HASH).matches(password);
    return matches ? user : Optional.empty();
  }

  /** The user named {@code name}, as the file holds it now. */
  public Optional<GatewayUser> user(String name) throws IOException {
    return current().users().stream().filter(u -> u.name().equals(name)).findFirst();
  }

  /** The tokens, oldest first. */
  public List<ApiToken> tokens() throws IOException {
    return current().tokens();
  }

  /** The users, oldest first. */
  public List<GatewayUser> users() throws IOException {
    return current().users();
  }

  /** Makes a token for {@code role}; the text returned is the only copy of its secret. */
  public ApiToken.Issued createToken(AccessRole role, String name) throws IOException {
    ApiToken.Issued issued = ApiToken.issue(name, role, clock.instant());
    change(c -> c.withTokens(append(c.tokens(), issued.token())));
    return issued;
  }

  /** Removes the token {@code id}; fails if there is none. */
  public ApiToken revokeToken(String id) throws IOException {
    ApiToken[] removed = new ApiToken[1];
    change(c -> {
      List<ApiToken> kept = new ArrayList<>();
      for (ApiToken t : c.tokens()) {
        if (t.id().equals(id)) {
          removed[0] = t;
        } else {
          kept.add(t);
        }
      }
      if (removed[0] == null) {
        throw new IllegalArgumentException("no token " + id + " (cairn token list shows them)");
      }
      return c.withTokens(kept);
    });
    return removed[0];
  }

  /** Adds user {@code name}; fails if the name is taken or blank. */
  public GatewayUser addUser(String name, AccessRole role, char[] password) throws IOException {
    if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException("a user name is 1 to 64 letters, digits or . _ @ -, not \"" + name + "\"");
    }
    GatewayUser user = new GatewayUser(name, role, clock.instant(), PasswordHash.of(password));
    change(c -> {
      if (c.users().stream().anyMatch(u -> u.name().equals(name))) {
        throw new IllegalArgumentException("there is a user " + name + " already");
      }
      return c.withUsers(append(c.users(), user));
    });
    return user;
  }

  /** Removes user {@code name}; their sessions end at their next request. */
  public void removeUser(String name) throws IOException {
    change(c -> {
      List<GatewayUser> kept = c.users().stream().filter(u -> !u.name().equals(name)).toList();
      if (kept.size() == c.users().size()) {
        throw new IllegalArgumentException("no user " + name + " (cairn user list shows them)");
      }
      return c.withUsers(kept);
    });
  }

  /**
   * With no token and no user at all, makes an admin token and writes it to {@code admin-token}
   * in the state directory, readable by its user only; returns that file, or empty if there were
   * credentials already.
   */
  public Optional<Path> firstStart() throws IOException {
    Path[] written = new Path[1];
    change(c -> {
      if (!c.tokens().isEmpty() || !c.users().isEmpty()) {
        return c;
      }
      ApiToken.Issued issued = ApiToken.issue("first admin", AccessRole.ADMIN, clock.instant());
      try {
        written[0] = state.writeSecret(FIRST_ADMIN_TOKEN, (issued.text() + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return c.withTokens(List.of(issued.token()));
    });
    return Optional.ofNullable(written[0]);
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> more = new ArrayList<>(list);
    more.add(item);
    return more;
  }

  /** Reads the file, writes what {@code edit} makes of it, under a lock other processes honour. */
  private synchronized void change(UnaryOperator<Credentials> edit) throws IOException {
    state.ensure();
    Path lock = state.path().resolve(".credentials.lock");
    // Not through a link: a link would make this open, and create, a file elsewhere.
    try (FileChannel ch = FileChannel.open(lock, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        FileLock held = ch.lock()) {
      Credentials before = read();
      Credentials after;
      try {
        after = edit.apply(before);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      if (after != before) {
        state.writeSecret(FILE, after.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * The credentials as the file holds them now, read again only if it was replaced since. A
   * replacement the gateway must not trust (a link, or a file of another user) is refused with an
   * error logged, and the credentials read last stay in force: such a file may hold anyone's token.
   */
  private synchronized Credentials current() throws IOException {
    Object key;
    try {
      BasicFileAttributes a = Files.readAttributes(path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      key = List.of(Objects.toString(a.fileKey()), a.lastModifiedTime(), a.size());
    } catch (NoSuchFileException e) {
      cached = Credentials.EMPTY;
      cachedKey = null;
      return cached;
    }
    if (!key.equals(cachedKey)) {
      try {
        cached = read();
      } catch (StateDirectory.UntrustedFileException e) {
        LOG.severe("kept the credentials read before: " + e.getMessage());
      }
      // Remembered even when refused, so the error is logged once per replacement, not per request.
      cachedKey = key;
    }
    return cached;
  }

  private Credentials read() throws IOException {
    Optional<String> text = state.readOwn(FILE);
    if (text.isEmpty()) {
      return Credentials.EMPTY;
    }
    try {
      return Credentials.fromJson(new JsonObject(text.get()));
    } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException
        | java.time.format.DateTimeParseException e) {
      throw new IOException(path() + " is damaged: " + e.getMessage());
    }
  }

  /** A hash checked when a name is unknown, so an unknown name takes as long as a wrong password. */
  private static final class NoUser {
    static final PasswordHash HASH = PasswordHash.of("no such user".toCharArray());
  }

  /** What the file holds: tokens and users. */
  record Credentials(List<ApiToken> tokens, List<GatewayUser> users) {
    static final Credentials EMPTY = new Credentials(List.of(), List.of());

    Credentials {
      tokens = List.copyOf(tokens);
      users = List.copyOf(users);
    }

    Credentials withTokens(List<ApiToken> t) {
      return new Credentials(t, users);
    }

    Credentials withUsers(List<GatewayUser> u) {
      return new Credentials(tokens, u);
    }

    JsonObject toJson() {
      JsonArray t = new JsonArray();
      tokens.forEach(x -> t.add(x.toJson()));
      JsonArray u = new JsonArray();
      users.forEach(x -> u.add(x.toJson()));
      return new JsonObject().put("version", 1).put("tokens", t).put("users", u);
    }

    static Credentials fromJson(JsonObject json) {
      List<ApiToken> t = new ArrayList<>();
      json.getJsonArray("tokens", new JsonArray()).forEach(x -> t.add(ApiToken.fromJson((JsonObject) x)));
      List<GatewayUser> u = new ArrayList<>();
      json.getJsonArray("users", new JsonArray()).forEach(x -> u.add(GatewayUser.fromJson((JsonObject) x)));
      return new Credentials(t, u);
    }
  }
}
