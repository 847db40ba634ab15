package dev.cairn.gateway.cluster;

import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * VerifiedClusterManager is a cluster manager that hears only nodes holding the cluster secret.
 * Any process that reaches the Hazelcast port can join Hazelcast and enter its own consumers
 * there; this node would then send it messages (a hasher's file batches) that are lost at the
 * TLS handshake. So each node tags the event-bus address it publishes with the cluster secret,
 * and this manager answers the event bus only with consumers and addresses of nodes whose tag
 * holds: an intruder's consumers are never chosen, and an address an intruder rewrote is never
 * connected to.
 */
public final class VerifiedClusterManager implements ClusterManager {
  /** The field of a node's published metadata that holds its tag. */
  static final String TAG = "cairn.tag";
  private static final Logger LOG = Logger.getLogger(VerifiedClusterManager.class.getName());

  private final ClusterManager delegate;
  private final ClusterSecret secret;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  public VerifiedClusterManager(ClusterManager delegate, ClusterSecret secret) {
    this.delegate = delegate;
    this.secret = secret;
  }

  /** What a node's tag covers: its id and the address its event bus is reached at. */
  private static String tagged(String nodeId, NodeInfo info) {
    return nodeId + "\n" + info.host() + "\n" + info.port();
  }

  private boolean genuine(String nodeId, NodeInfo info) {
    return info != null && info.metadata() != null
        && secret.tagged(tagged(nodeId, info), info.metadata().getString(TAG));
  }

  @Override
  public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
    var metadata = nodeInfo.metadata() == null ? new io.vertx.core.json.JsonObject() : nodeInfo.metadata().copy();
    metadata.put(TAG, secret.tag(tagged(delegate.getNodeId(), nodeInfo)));
    delegate.setNodeInfo(new NodeInfo(nodeInfo.host(), nodeInfo.port(), metadata), promise);
  }

  @Override
  public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
    delegate.getNodeInfo(nodeId, (info, failure) -> {
      if (failure != null) {
        promise.fail(failure);
      } else if (genuine(nodeId, info)) {
        promise.succeed(info);
      } else {
        promise.fail(new IllegalStateException("node " + nodeId + " does not hold the cluster secret"));
      }
    });
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    delegate.getRegistrations(address, (registrations, failure) -> {
      if (failure != null) {
        promise.fail(failure);
      } else {
        genuineOnly(registrations).onComplete(promise);
      }
    });
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    delegate.registrationListener(new RegistrationListener() {
      @Override
      public void registrationsUpdated(RegistrationUpdateEvent event) {
        if (unknown(event.registrations())) {
          // Heard of a node not yet verified: verify it, then pass on the consumers as they are by then.
          genuineOnly(event.registrations()).onComplete(ignored -> getRegistrations(event.address(),
              (now, failure) -> listener.registrationsUpdated(
                  new RegistrationUpdateEvent(event.address(), failure == null ? now : List.of()))));
        } else {
          listener.registrationsUpdated(new RegistrationUpdateEvent(event.address(), known(event.registrations())));
        }
      }

      @Override
      public void registrationsLost() {
        listener.registrationsLost();
      }

      @Override
      public boolean wantsUpdatesFor(String address) {
        return listener.wantsUpdatesFor(address);
      }
    });
  }

  private boolean unknown(List<RegistrationInfo> registrations) {
    return registrations.stream().map(RegistrationInfo::nodeId).anyMatch(id -> !isKnown(id));
  }

  private boolean isKnown(String nodeId) {
    return nodeId.equals(delegate.getNodeId()) || verified.contains(nodeId) || refused.contains(nodeId);
  }

  private List<RegistrationInfo> known(List<RegistrationInfo> registrations) {
    String self = delegate.getNodeId();
    return registrations.stream().filter(r -> r.nodeId().equals(self) || verified.contains(r.nodeId())).toList();
  }

  /** {@code registrations} less those of nodes that do not hold the secret, verifying nodes not seen yet. */
  private Future<List<RegistrationInfo>> genuineOnly(List<RegistrationInfo> registrations) {
    List<Future<Void>> checks = registrations.stream().map(RegistrationInfo::nodeId).distinct()
        .filter(id -> !isKnown(id)).map(this::verify).toList();
    if (checks.isEmpty()) {
      return Future.succeededFuture(known(registrations));
    }
    return Future.join(checks).transform(ignored -> Future.succeededFuture(known(registrations)));
  }

  private Future<Void> verify(String nodeId) {
    Promise<NodeInfo> lookup = Promise.promise();
    delegate.getNodeInfo(nodeId, lookup);
    return lookup.future().map(info -> {
      if (info == null) {
        return null; // Not published yet: asked again when next heard of.
      }
      if (genuine(nodeId, info)) {
        verified.add(nodeId);
      } else if (refused.add(nodeId)) {
        LOG.warning("ignoring cluster member " + nodeId + " at " + info.host() + ":" + info.port()
            + ": it does not hold the cluster secret");
      }
      return null;
    });
  }

  @Override
  public void init(Vertx vertx) {
    delegate.init(vertx);
  }

  @Override
  public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
    delegate.getAsyncMap(name, promise);
  }

  @Override
  public <K, V> Map<K, V> getSyncMap(String name) {
    return delegate.getSyncMap(name);
  }

  @Override
  public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
    delegate.getLockWithTimeout(name, timeout, promise);
  }

  @Override
  public void getCounter(String name, Completable<Counter> promise) {
    delegate.getCounter(name, promise);
  }

  @Override
  public void nodeListener(NodeListener listener) {
    delegate.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        listener.nodeAdded(nodeId);
      }

      @Override
      public void nodeLeft(String nodeId) {
        verified.remove(nodeId);
        refused.remove(nodeId);
        listener.nodeLeft(nodeId);
      }
    });
  }

  @Override
  public void join(Completable<Void> promise) {
    delegate.join(promise);
  }

  @Override
  public void leave(Completable<Void> promise) {
    delegate.leave(promise);
  }

  @Override
  public boolean isActive() {
    return delegate.isActive();
  }

  @Override
  public void addRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
    delegate.addRegistration(address, registrationInfo, promise);
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
    delegate.removeRegistration(address, registrationInfo, promise);
  }

  @Override
  public String clusterHost() {
    return delegate.clusterHost();
  }

  @Override
  public String clusterPublicHost() {
    return delegate.clusterPublicHost();
  }

  @Override
  public String getNodeId() {
    return delegate.getNodeId();
  }

  @Override
  public NodeInfo getNodeInfo() {
    return delegate.getNodeInfo();
  }

  @Override
  public List<String> getNodes() {
    return delegate.getNodes();
  }
}
