package dev.berth.spi.runtime;

import java.util.List;

/**
 * A process to run inside a running container ({@code docker exec}). It joins the container's
 * namespaces, cgroup, seccomp profile, capabilities and environment as its init process did; the
 * fields here only change what {@code docker exec} may change.
 *
 * @param containerId the running container
 * @param args        the command, never empty
 * @param env         {@code KEY=value} entries added to (replacing by key) the container's environment
 * @param user        {@code user[:group]} resolved against the container's /etc/passwd and /etc/group;
 *                    empty = the container's own user
 * @param workingDir  absolute path; empty = the container's working directory
 * @param tty         a terminal instead of pipes (stdout and stderr then share it)
 * @param stdin       the process's stdin is {@link ExecSession#stdin()}; otherwise it reads /dev/null
 * @param privileged  every capability, as {@code docker exec --privileged}
 * @param height      initial terminal rows (0 = the runtime's default), only with {@code tty}
 * @param width       initial terminal columns (0 = the runtime's default), only with {@code tty}
 */
public record ExecSpec(String containerId, List<String> args, List<String> env, String user, String workingDir,
                       boolean tty, boolean stdin, boolean privileged, int height, int width) {
    public ExecSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        user = user == null ? "" : user;
        workingDir = workingDir == null ? "" : workingDir;
        if (args.isEmpty()) {
            throw new IllegalArgumentException("an exec needs a command");
        }
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new IllegalArgumentException("the working directory '" + workingDir + "' is invalid, it needs to be an absolute path");
        }
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("invalid terminal size " + height + "x" + width);
        }
    }
}
