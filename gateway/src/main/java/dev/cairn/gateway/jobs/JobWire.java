package dev.cairn.gateway.jobs;

import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.Progress;
import dev.cairn.common.wire.WireCodec;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * JobWire is the binary form of a {@link Job}, as gateways of a cluster share it: in the
 * cluster-wide job map, and in the job states they publish to each other. The request travels as
 * the JSON the API shows, and the progress and the store's report in their own message forms (the
 * request's type says which report).
 */
public final class JobWire {
  /** The codec of {@link Job}. */
  public static final WireCodec<Job> CODEC = new WireCodec<>("cairn.Job", JobWire::write, JobWire::read);
  private static final Set<Vertx> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private JobWire() {}

  /** Registers the codec of {@link Job} on {@code vertx}'s event bus, once. */
  public static void register(Vertx vertx) {
    if (REGISTERED.add(vertx)) {
      vertx.eventBus().registerDefaultCodec(Job.class, CODEC);
    }
  }

  /** {@code job} in its binary form. */
  public static Buffer encode(Job job) {
    Buffer buffer = Buffer.buffer();
    CODEC.encodeToWire(buffer, job);
    return buffer;
  }

  /** The job {@link #encode} wrote into {@code buffer}. */
  public static Job decode(Buffer buffer) {
    return CODEC.decodeFromWire(0, buffer);
  }

  private static void write(WireOut out, Job job) {
    out.str(job.id()).str(job.request().toJson().encode()).str(job.state().name())
        .str(time(job.created())).str(time(job.started())).str(time(job.finished()));
    nested(out, job.progress() == null ? null : Codecs.codec(Progress.class), job.progress());
    out.str(job.snapshot()).str(job.error());
    nested(out, job.report() == null ? null : codec(job.request().reportType()), job.report());
    out.bool(job.cancelRequested()).list(job.history(), (o, p) -> o.i64(p.elapsedMillis()).i64(p.bytesPerSecond()));
  }

  private static Job read(WireIn in) {
    String id = in.str();
    JobRequest request = JobRequest.fromJson(new JsonObject(in.str()));
    return new Job(id, request, JobState.valueOf(in.str()), instant(in.str()), instant(in.str()), instant(in.str()),
        nested(in, Progress.class), in.str(), in.str(), nested(in, request.reportType()), in.bool(),
        in.list(i -> new Job.Point(i.i64(), i.i64())));
  }

  @SuppressWarnings("unchecked")
  private static WireCodec<Record> codec(Class<? extends Record> type) {
    return (WireCodec<Record>) Codecs.codec(type);
  }

  private static <T> void nested(WireOut out, WireCodec<T> codec, T value) {
    out.bool(value != null);
    if (value != null) {
      Buffer inner = Buffer.buffer();
      codec.encodeToWire(inner, value);
      out.bytes(inner.getBytes());
    }
  }

  private static <T> T nested(WireIn in, Class<T> type) {
    return in.bool() ? Codecs.codec(type).decodeFromWire(0, Buffer.buffer(in.bytes())) : null;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
