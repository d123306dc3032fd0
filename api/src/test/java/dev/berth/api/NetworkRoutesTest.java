package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.backend.Filters;
import dev.berth.api.backend.NetworkBackend;
import dev.berth.api.backend.Versioned;
import dev.berth.api.model.NetworkConnectRequest;
import dev.berth.api.model.NetworkCreateRequest;
import dev.berth.api.model.NetworkCreateResponse;
import dev.berth.api.model.NetworkIpam;
import dev.berth.api.model.NetworkPruneReport;
import dev.berth.api.model.NetworkResource;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Network inspect: answered on the event loop, the JSON written before sent again while the version holds. */
class NetworkRoutesTest extends ServerFixture {
    private static final String API_POOL = "berth-api-";
    private static final String ID = "7".repeat(64);
    private final FakeNetworks networks = new FakeNetworks();

    @BeforeEach
    void withNetworks() throws IOException {
        server.close();
        server = new ApiServer(new ApiConfig(List.of("unix://" + socket, "tcp://127.0.0.1:0")), containers, images,
                system, networks, dev.berth.api.backend.VolumeBackend.NONE);
        server.start();
        port = ((InetSocketAddress) server.boundAddresses().get(1)).getPort();
    }

    @Test
    void inspect_onTheEventLoop_sameVersion_theBytesWrittenBefore_newVersion_theChangeAtOnce() throws Exception {
        HttpResponse<String> rendered = get("/networks/front");
        assertThat(rendered.statusCode()).isEqualTo(200);
        assertThat(networks.lastThread).doesNotStartWith(API_POOL);
        networks.version = "v1";
        HttpResponse<String> first = get("/networks/front");
        HttpResponse<String> again = get("/networks/front");
        assertThat(networks.renders).hasValue(1);
        assertThat(first.body()).isEqualTo(rendered.body());
        assertThat(again.body()).isEqualTo(rendered.body());
        assertThat(again.headers().map()).isEqualTo(rendered.headers().map());

        networks.members = Map.of("c".repeat(64), new NetworkResource.Member("web", "e".repeat(64), "02:42:ac:11:00:02",
                "172.17.0.2/16", ""));
        networks.version = "v2";
        HttpResponse<String> changed = get("/networks/front");
        assertThat(networks.renders).hasValue(2);
        assertThat(Json.MAPPER.readTree(changed.body()).path("Containers").path("c".repeat(64)).path("Name").asText())
                .isEqualTo("web");
        assertThat(get("/networks/front?scope=local").body()).isEqualTo(changed.body());
        assertThat(get("/networks/front?scope=swarm").statusCode()).isEqualTo(404);
        assertThat(get("/networks/nope").statusCode()).isEqualTo(404);
    }

    /** One network, {@code front}; {@link #version} null: unversioned. */
    private static final class FakeNetworks implements NetworkBackend {
        volatile Object version;
        volatile Map<String, NetworkResource.Member> members = Map.of();
        volatile String lastThread;
        final AtomicInteger renders = new AtomicInteger();

        @Override
        public List<NetworkResource> list(Filters filters) {
            return List.of();
        }

        @Override
        public NetworkResource inspect(String ref) {
            lastThread = Thread.currentThread().getName();
            if (!ref.equals("front") && !ref.equals(ID)) {
                throw EngineException.notFound("network " + ref + " not found");
            }
            return new NetworkResource("front", ID, "2024-05-06T07:08:09Z", "local", "bridge", true, false,
                    new NetworkIpam("default", Map.of(), List.of()), false, false, false, Map.of("Network", ""), false,
                    members, Map.of(), Map.of());
        }

        @Override
        public Versioned<NetworkResource> inspection(String ref) {
            Object v = version;
            if (v == null) {
                return NetworkBackend.super.inspection(ref);
            }
            inspect(ref);
            return new Versioned<>(ID, v, () -> {
                renders.incrementAndGet();
                return inspect(ref);
            });
        }

        @Override
        public NetworkCreateResponse create(NetworkCreateRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void connect(String ref, NetworkConnectRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void disconnect(String ref, NetworkConnectRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NetworkPruneReport prune(Filters filters) {
            throw new UnsupportedOperationException();
        }
    }
}
