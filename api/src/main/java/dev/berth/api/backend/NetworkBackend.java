package dev.berth.api.backend;

import dev.berth.api.model.NetworkConnectRequest;
import dev.berth.api.model.NetworkCreateRequest;
import dev.berth.api.model.NetworkCreateResponse;
import dev.berth.api.model.NetworkPruneReport;
import dev.berth.api.model.NetworkResource;
import java.util.List;

/** What the networks router needs from the engine. Blocking; see {@link ContainerBackend}. */
public interface NetworkBackend {
    /** GET /networks. */
    List<NetworkResource> list(Filters filters);

    /** GET /networks/{id}. {@code ref} is an id, unique id prefix or name. */
    NetworkResource inspect(String ref);

    /**
     * {@link #inspect} from memory, without waiting on anything (the router calls it on the API's event
     * loop), with the version of what it shows: the router answers an unchanged network with the JSON it
     * wrote before. The default has no version and renders every time.
     */
    default Versioned<NetworkResource> inspection(String ref) {
        return Versioned.unversioned(() -> inspect(ref));
    }

    /** Inspect as it would have answered at {@code at} (Berth's {@code at=}). */
    default NetworkResource inspectAt(String ref, java.time.Instant at) {
        throw dev.berth.spi.EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
    }

    /** POST /networks/create. */
    NetworkCreateResponse create(NetworkCreateRequest request);

    /** DELETE /networks/{id}. */
    void remove(String ref);

    /** POST /networks/{id}/connect. */
    void connect(String ref, NetworkConnectRequest request);

    /** POST /networks/{id}/disconnect. */
    void disconnect(String ref, NetworkConnectRequest request);

    /** POST /networks/prune. */
    NetworkPruneReport prune(Filters filters);

    /** For daemons built without networks: every call is NOT_IMPLEMENTED. */
    NetworkBackend NONE = (NetworkBackend) java.lang.reflect.Proxy.newProxyInstance(
            NetworkBackend.class.getClassLoader(), new Class<?>[] {NetworkBackend.class}, (proxy, method, args) -> {
                throw new dev.berth.spi.EngineException(dev.berth.spi.ErrorKind.NOT_IMPLEMENTED,
                        "networks are not available in this daemon");
            });
}
