package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The docker CLI's credential store, {@code $DOCKER_CONFIG/config.json} (default
 * {@code ~/.docker}): {@code auths.<server>.auth = base64(user:password)}. berthd never sees this
 * file; credentials go to it per request in {@code X-Registry-Auth}.
 */
final class Credentials {
    static final String DOCKER_HUB = "https://index.docker.io/v1/";
    private final Path file;

    Credentials(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        this.file = base.resolve("config.json");
    }

    /** {@code busybox} → Docker Hub's key; {@code host:5000/x/y} → {@code host:5000}. */
    static String serverOf(String image) {
        String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = ref.indexOf('/');
        if (slash < 0) return DOCKER_HUB;
        String first = ref.substring(0, slash);
        boolean domain = first.contains(".") || first.contains(":") || first.equals("localhost");
        return !domain || first.equals("docker.io") || first.equals("index.docker.io") ? DOCKER_HUB : first;
    }

    /** The X-Registry-Auth header for {@code server}, or empty JSON when none is stored. */
    String header(String server) throws IOException {
        Map<String, Object> entry = auths().containsKey(server) ? Json.map(auths().get(server)) : null;
        Map<String, Object> wire = new LinkedHashMap<>();
        if (entry != null && !Json.str(entry, "auth").isEmpty()) {
            String decoded = new String(Base64.getDecoder().decode(Json.str(entry, "auth")), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                wire.put("username", decoded.substring(0, colon));
                wire.put("password", decoded.substring(colon + 1));
                wire.put("serveraddress", server);
            }
        }
        return encode(wire);
    }

    /** The X-Registry-Config header of a build: every stored login, keyed by server, as the docker CLI sends it. */
    String configHeader() throws IOException {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String server : auths().keySet()) {
            String one = new String(Base64.getUrlDecoder().decode(header(server)), StandardCharsets.UTF_8);
            all.put(server, Json.parse(one));
        }
        return encode(all);
    }

    static String encode(Map<String, Object> wire) {
        return Base64.getUrlEncoder().encodeToString(Json.write(wire).getBytes(StandardCharsets.UTF_8));
    }

    void store(String server, String user, String password) throws IOException {
        Map<String, Object> root = read();
        Map<String, Object> auths = new LinkedHashMap<>(auths());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("auth", Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        auths.put(server, entry);
        root.put("auths", auths);
        write(root);
    }

    /** Returns false when nothing was stored for {@code server}. */
    boolean remove(String server) throws IOException {
        Map<String, Object> root = read();
        Map<String, Object> auths = new LinkedHashMap<>(auths());
        if (auths.remove(server) == null) return false;
        root.put("auths", auths);
        write(root);
        return true;
    }

    /** Every stored login as {@code server → auth} (base64 of user:password), for {@code --use-api-socket}. */
    Map<String, String> allAuths() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : auths().entrySet()) {
            String auth = Json.str(Json.map(e.getValue()), "auth");
            if (!auth.isEmpty()) out.put(e.getKey(), auth);
        }
        return out;
    }

    private Map<String, Object> auths() throws IOException {
        Object a = read().get("auths");
        return a == null ? Map.of() : Json.map(a);
    }

    private Map<String, Object> read() throws IOException {
        if (!Files.isRegularFile(file)) return new LinkedHashMap<>();
        String text = Files.readString(file);
        return text.isBlank() ? new LinkedHashMap<>() : new LinkedHashMap<>(Json.map(Json.parse(text)));
    }

    private void write(Map<String, Object> root) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("config.json.tmp");
        Files.writeString(tmp, Json.writeIndented(root, "\t") + "\n");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
