package dev.berth.persistence.container;

import java.util.ArrayList;
import java.util.List;

/** Paths inside a container, compared as the kernel will resolve them. */
final class ContainerPath {
    private ContainerPath() {}

    /** Absolute, without repeated or trailing slashes, {@code .} or {@code ..} ({@code ..} stops at {@code /}). */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static boolean isRoot(String path) {
        return path.startsWith("/") && clean(path).equals("/");
    }
}
