package dev.berth.image;

import java.util.ArrayList;
import java.util.List;

/** Chain ids as the OCI image spec defines them: each names a layer together with all below it. */
public final class ChainId {
    private ChainId() {}

    /** chainID(L0) = diffID(L0); chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)). */
    public static Digest next(Digest parentChainIdOrNull, Digest diffId) {
        if (parentChainIdOrNull == null) {
            return diffId;
        }
        return Digest.of(parentChainIdOrNull + " " + diffId);
    }

    /** Chain ids for diff ids given base first. */
    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest parent = null;
        for (Digest d : diffIds) {
            parent = next(parent, d);
            out.add(parent);
        }
        return List.copyOf(out);
    }
}
