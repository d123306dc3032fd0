package dev.berth.engine;

import dev.berth.actors.image.ImagePullWorkflow;
import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.ProgressSink;
import dev.berth.api.backend.Filters;
import dev.berth.api.model.AuthConfig;
import dev.berth.api.model.DistributionInspect;
import dev.berth.api.model.SearchResult;
import dev.berth.image.Reference;
import dev.berth.registry.Descriptor;
import dev.berth.registry.IndexSearch;
import dev.berth.registry.RegistryAuth;
import dev.berth.registry.RemoteInspect;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Pull, push and login: registry traffic with the caller's credentials, used for the one call. */
final class ImageTransfers {
    private static final Pattern FULL_ID = Pattern.compile("(sha256:)?[0-9a-f]{64}");
    private final ImageWorkflows flows;

    ImageTransfers(ImageWorkflows flows) {
        this.flows = flows;
    }

    void pull(String fromImage, String tag, String platform, String registryAuth, ProgressSink progress) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        Reference ref = ImagePullWorkflow.reference(fromImage, tag); // a bad name is a 400 before any progress
        RegistryAuth auth = RegistryAuth.fromHeader(registryAuth);
        flows.pull().pull(ref, platform, auth, adapt(progress));
    }

    void push(String name, String tag, String registryAuth, ProgressSink progress) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        flows.push().push(name, tag, RegistryAuth.fromHeader(registryAuth), adapt(progress));
    }

    /** GET /distribution/{name}/json: the registry's descriptor and platforms, nothing pulled. */
    DistributionInspect distributionInspect(String name, String registryAuth) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        if (FULL_ID.matcher(name).matches()) {
            throw EngineException.internal("no manifest found for full image ID", null);
        }
        Reference ref = Reference.parse(name);
        RemoteInspect.Result r = flows.remote().inspect(ref, RegistryAuth.fromHeader(registryAuth));
        Descriptor d = r.descriptor();
        List<DistributionInspect.Platform> platforms = r.platforms().stream()
                .map(p -> new DistributionInspect.Platform(p.architecture(), p.os(), p.variant())).toList();
        return new DistributionInspect(new DistributionInspect.Descriptor(d.mediaType(), d.digest().toString(),
                d.size()), platforms);
    }

    /**
     * GET /images/search: the filters are checked before the index is asked, as dockerd does;
     * is-official and stars then select among the index's answers.
     */
    List<SearchResult> search(String term, int limit, Filters filters, String registryAuth) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        Boolean official = null;
        for (String v : filters.get("is-official")) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false") && !v.equals("1") && !v.equals("0")) {
                throw EngineException.invalid("invalid filter 'is-official=" + v + "'");
            }
            official = v.equalsIgnoreCase("true") || v.equals("1");
        }
        int stars = 0;
        for (String v : filters.get("stars")) {
            try {
                stars = Math.max(stars, Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid filter 'stars=" + v + "': strconv.Atoi: parsing \""
                        + v + "\": invalid syntax");
            }
        }
        List<SearchResult> out = new ArrayList<>();
        for (IndexSearch.Hit h : flows.search().search(term, limit, RegistryAuth.fromHeader(registryAuth))) {
            if ((official == null || official == h.official()) && h.starCount() >= stars) {
                out.add(new SearchResult(h.starCount(), h.official(), h.name(), false, h.description()));
            }
        }
        return out;
    }

    String login(AuthConfig c) {
        if (flows == null) {
            throw EngineException.unavailable("registry access is not configured", null);
        }
        if (c == null) {
            throw EngineException.invalid("invalid JSON: got EOF while reading request body");
        }
        RegistryAuth auth = new RegistryAuth(c.username(), c.password(), c.serverAddress(), c.identityToken(),
                c.registryToken());
        return flows.auth().check(c.serverAddress(), auth);
    }

    static ImageService.Progress adapt(ProgressSink sink) {
        return new ImageService.Progress() {
            @Override
            public void status(String id, String status, long current, long total) {
                sink.status(id, status, current, total);
            }

            @Override
            public void aux(Map<String, Object> value) {
                sink.aux(value);
            }
        };
    }
}
