package dev.berth.cli.cmd;

import dev.berth.cli.GoInts;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The flags {@code run} and {@code create} share, and IMAGE [COMMAND] [ARG...]. */
public final class CreateOptions {
    @Option(names = "--name", description = "Assign a name to the container")
    String name;

    @Option(names = {"-e", "--env"}, description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", description = "Read in a file of environment variables")
    List<String> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = {"-h", "--hostname"}, description = "Container host name")
    String hostname;

    @Option(names = {"-l", "--label"}, description = "Set meta data on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = {"-m", "--memory"}, description = "Memory limit")
    String memory;

    @Option(names = "--cpus", description = "Number of CPUs")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--pids-limit", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;

    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes")
    boolean init;

    @Option(names = "--shm-size", description = "Size of /dev/shm")
    String shmSize;

    @Option(names = "--ulimit", description = "Ulimit options (name=soft[:hard])")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--sysctl", description = "Sysctl options (name=value)")
    List<String> sysctls = new ArrayList<>();

    @Option(names = "--log-driver", description = "Logging driver for the container")
    String logDriver;

    @Option(names = "--log-opt", description = "Log driver options")
    List<String> logOpts = new ArrayList<>();

    @Option(names = "--cpu-quota", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    Long cpuQuota;

    @Option(names = "--cpu-period", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    Long cpuPeriod;

    @Option(names = "--memory-reservation", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--oom-score-adj", description = "Tune host's OOM preferences (-1000 to 1000)")
    Long oomScoreAdj;  // a Go int: 64 bits, as the docker CLI reads it

    @Option(names = "--oom-kill-disable", description = "Disable OOM Killer")
    boolean oomKillDisable;

    @Option(names = "--ipc", description = "IPC mode to use")
    String ipc;

    @Option(names = "--pid", description = "PID namespace to use")
    String pid;

    @Option(names = "--uts", description = "UTS namespace to use")
    String uts;

    @Option(names = "--mac-address", description = "Container MAC address (e.g., 92:d0:c6:0a:29:33)")
    String macAddress;

    @Option(names = "--link", description = "Add link to another container")
    List<String> links = new ArrayList<>();

    @Option(names = "--cgroup-parent", description = "Optional parent cgroup for the container")
    String cgroupParent;

    @Option(names = "--cgroupns", description = "Cgroup namespace to use (host|private)")
    String cgroupns;

    @Option(names = "--group-add", description = "Add additional groups to join")
    List<String> groupAdd = new ArrayList<>();

    @Option(names = "--device", description = "Add a host device to the container")
    List<String> devices = new ArrayList<>();

    @Option(names = "--device-cgroup-rule", description = "Add a rule to the cgroup allowed devices list")
    List<String> deviceCgroupRules = new ArrayList<>();

    @Option(names = "--blkio-weight", converter = GoInts.Uint16.class, description = "Block IO (relative weight), between 10 and 1000, or 0 to disable")
    Integer blkioWeight;

    @Option(names = "--blkio-weight-device", description = "Block IO weight (relative device weight)")
    List<String> blkioWeightDevices = new ArrayList<>();

    @Option(names = "--device-read-bps", description = "Limit read rate (bytes per second) from a device")
    List<String> deviceReadBps = new ArrayList<>();

    @Option(names = "--device-write-bps", description = "Limit write rate (bytes per second) to a device")
    List<String> deviceWriteBps = new ArrayList<>();

    @Option(names = "--device-read-iops", description = "Limit read rate (IO per second) from a device")
    List<String> deviceReadIops = new ArrayList<>();

    @Option(names = "--device-write-iops", description = "Limit write rate (IO per second) to a device")
    List<String> deviceWriteIops = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = "--tmpfs", description = "Mount a tmpfs directory")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = {"--network", "--net"}, description = "Connect a container to a network")
    List<String> networks = new ArrayList<>();

    @Option(names = "--ip", description = "IPv4 address (e.g., 172.30.100.104)")
    String ip;

    @Option(names = "--ip6", description = "IPv6 address (e.g., 2001:db8::33)")
    String ip6;

    @Option(names = {"--network-alias", "--net-alias"}, description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

    @Option(names = "--privileged", description = "Give extended privileges to this container")
    boolean privileged;

    @Option(names = "--cap-add", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--security-opt", description = "Security Options")
    List<String> securityOpt = new ArrayList<>();

    @Option(names = "--dns", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = {"--dns-option", "--dns-opt"}, description = "Set DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (host:ip)")
    List<String> addHost = new ArrayList<>();

    @Option(names = {"-p", "--publish"}, description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
    boolean publishAll;

    @Option(names = "--expose", description = "Expose a port or a range of ports")
    List<String> expose = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, description = "Bind mount a volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--volume-driver", description = "Optional volume driver for the container")
    String volumeDriver;

    @Option(names = "--mount", description = "Attach a filesystem mount to the container")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--volumes-from", description = "Mount volumes from the specified container(s)")
    List<String> volumesFrom = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Mixin
    HealthOptions health = new HealthOptions();

    @Option(names = "--stop-signal", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--stop-timeout", description = "Timeout (in seconds) to stop a container")
    Long stopTimeout;  // a Go int

    @Option(names = "--restart", description = "Restart policy to apply when a container exits")
    String restart;

    @Option(names = "--rm", description = "Automatically remove the container and its volumes when it exits")
    boolean autoRemove;

    @Option(names = "--pull", description = "Pull image before running (\"always\", \"missing\", \"never\")")
    String pull = "missing";

    @Option(names = "--annotation", description = "Add an annotation to the container (passed through to the OCI runtime)")
    List<String> annotations = new ArrayList<>();

    @Option(names = {"-a", "--attach"}, description = "Attach to STDIN, STDOUT or STDERR")
    List<String> attach = new ArrayList<>();

    @Option(names = "--cidfile", description = "Write the container ID to the file")
    String cidfile;

    @Option(names = "--cpu-count", description = "CPU count (Windows only)")
    Long cpuCount;

    @Option(names = "--cpu-percent", description = "CPU percent (Windows only)")
    Long cpuPercent;

    @Option(names = "--cpu-rt-period", description = "Limit CPU real-time period in microseconds")
    Long cpuRtPeriod;

    @Option(names = "--cpu-rt-runtime", description = "Limit CPU real-time runtime in microseconds")
    Long cpuRtRuntime;

    @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true",
            description = "Skip image verification (default true)")
    Boolean disableContentTrust;

    @Option(names = "--domainname", description = "Container NIS domain name")
    String domainname;

    @Option(names = "--gpus", description = "GPU devices to add to the container ('all' to pass all GPUs)")
    List<String> gpus = new ArrayList<>();

    @Option(names = "--io-maxbandwidth", description = "Maximum IO bandwidth limit for the system drive (Windows only)")
    String ioMaxBandwidth;

    @Option(names = "--io-maxiops", converter = GoInts.Uint64.class, description = "Maximum IOps limit for the system drive (Windows only)")
    Long ioMaxIops;

    @Option(names = "--isolation", description = "Container isolation technology")
    String isolation;

    @Option(names = "--kernel-memory", description = "Kernel memory limit (deprecated: not sent, as the docker CLI)")
    String kernelMemory;

    @Option(names = "--label-file", description = "Read in a line delimited file of labels")
    List<String> labelFiles = new ArrayList<>();

    @Option(names = "--link-local-ip", description = "Container IPv4/IPv6 link-local addresses")
    List<String> linkLocalIps = new ArrayList<>();

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
    String memorySwap;

    @Option(names = "--memory-swappiness", description = "Tune container memory swappiness (0 to 100)")
    Long memorySwappiness;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the pull output")
    boolean quiet;

    @Option(names = "--runtime", description = "Runtime to use for this container")
    String runtime;

    @Option(names = "--storage-opt", description = "Storage driver options for the container")
    List<String> storageOpts = new ArrayList<>();

    @Option(names = "--userns", description = "User namespace to use")
    String userns;

    @Option(names = "--use-api-socket", description = "Bind mount Docker API socket and required auth")
    boolean useApiSocket;

    /** run's {@code --detach-keys} (create has no such flag); null: the daemon's default. */
    String detachKeys;

    /** run's {@code --sig-proxy} (create has no such flag): signals go to the container unless it has a TTY. */
    boolean sigProxy = true;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
    List<String> command = new ArrayList<>();
}
