package dev.berth.registry;

/**
 * Pull and push progress in Docker's terms, one call per JSON-stream message.
 *
 * <p>Per-layer messages carry the 12-hex short id as {@code id} and one of Docker's statuses:
 * pull — "Pulling fs layer", "Waiting", "Downloading", "Verifying Checksum", "Download complete",
 * "Extracting", "Pull complete", "Already exists", "Retrying in N seconds"; push — "Preparing",
 * "Waiting", "Pushing", "Pushed", "Layer already exists", "Mounted from …". {@code current} and
 * {@code total} are bytes for "Downloading", "Extracting" and "Pushing" and -1 otherwise.
 * Header lines ("Pulling from …", "Digest: …", "The push refers to repository […]") have the tag
 * or a null id. Calls come from several threads, but never two at once for one id.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (id, status, current, total) -> { };

    void progress(String id, String status, long current, long total);
}
