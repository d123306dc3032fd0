package dev.berth.cli.machine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a host program to completion (qemu-img, ssh-keygen, docker context …). */
final class Commands {
    private Commands() {}

    /** Its standard output; stderr too when it fails, in the exception. */
    static String output(List<String> argv) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(argv.get(0) + " is not installed or cannot run: " + e.getMessage());
        }
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", argv.subList(0, Math.min(3, argv.size()))) + " failed (exit " + rc
                    + "): " + out.strip());
        }
        return out;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
