package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {

    private final SeccompProfile profile = SeccompProfile.dockerDefault();

    private static List<String> allowed(ObjectNode oci) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : oci.get("syscalls")) {
            if (s.get("action").asText().equals("SCMP_ACT_ALLOW")) {
                s.get("names").forEach(n -> out.add(n.asText()));
            }
        }
        return out;
    }

    @Test
    void toOci_amd64_defaultErrnoAndX86Arches() {
        ObjectNode oci = profile.toOci("amd64", "6.1.0", Capabilities.DEFAULT);
        assertThat(oci.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(oci.get("defaultErrnoRet").asInt()).isEqualTo(1);
        assertThat(oci.get("architectures")).extracting(JsonNode::asText)
                .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    }

    @Test
    void toOci_defaultCaps_sysPtraceOnlyCallsDenied() {
        List<String> allowed = allowed(profile.toOci("amd64", "6.1.0", Capabilities.DEFAULT));
        assertThat(allowed).contains("read", "write", "execve", "arch_prctl")
                .doesNotContain("kcmp", "pidfd_getfd", "mount", "reboot");
    }

    @Test
    void toOci_ptrace_allowedFromKernel48OrWithSysPtrace() {
        // Docker allows ptrace to everyone on kernels >= 4.8 (seccomp can no longer be bypassed with it)
        assertThat(allowed(profile.toOci("amd64", "6.1.0", Capabilities.DEFAULT))).contains("ptrace");
        assertThat(allowed(profile.toOci("amd64", "4.4.0", Capabilities.DEFAULT))).doesNotContain("ptrace");
        List<String> caps = new ArrayList<>(Capabilities.DEFAULT);
        caps.add("CAP_SYS_PTRACE");
        assertThat(allowed(profile.toOci("amd64", "4.4.0", caps))).contains("ptrace", "kcmp");
    }

    @Test
    void toOci_sysAdmin_mountAllowedAndCloneUnrestricted() {
        List<String> caps = new ArrayList<>(Capabilities.DEFAULT);
        caps.add("CAP_SYS_ADMIN");
        ObjectNode oci = profile.toOci("amd64", "6.1.0", caps);
        assertThat(allowed(oci)).contains("mount", "unshare");
        for (JsonNode s : oci.get("syscalls")) {
            // the clone rule with an argument mask applies only without CAP_SYS_ADMIN
            assertThat(s.has("args") && s.get("names").toString().contains("\"clone\"")).isFalse();
        }
    }

    @Test
    void toOci_withoutSysAdmin_cloneMaskedAndClone3Enosys() {
        ObjectNode oci = profile.toOci("amd64", "6.1.0", Capabilities.DEFAULT);
        boolean maskedClone = false;
        boolean clone3Enosys = false;
        for (JsonNode s : oci.get("syscalls")) {
            String names = s.get("names").toString();
            if (names.contains("\"clone\"") && s.has("args")) {
                maskedClone = s.get("args").get(0).get("op").asText().equals("SCMP_CMP_MASKED_EQ")
                        && s.get("args").get(0).get("index").asInt() == 0;
            }
            if (names.contains("\"clone3\"") && s.get("action").asText().equals("SCMP_ACT_ERRNO")) {
                clone3Enosys = s.get("errnoRet").asInt() == 38;
            }
        }
        assertThat(maskedClone).isTrue();
        assertThat(clone3Enosys).isTrue();
    }

    @Test
    void toOci_archSpecificRules_onlyForThatArch() {
        assertThat(allowed(profile.toOci("amd64", "6.1.0", Capabilities.DEFAULT))).contains("arch_prctl")
                .doesNotContain("sync_file_range2");
        assertThat(allowed(profile.toOci("arm64", "6.1.0", Capabilities.DEFAULT))).doesNotContain("arch_prctl");
    }

    @Test
    void compareKernel_releaseStrings_majorMinorOrder() {
        assertThat(SeccompProfile.compareKernel("6.18.44-fc", "4.8")).isPositive();
        assertThat(SeccompProfile.compareKernel("4.8.0-1-amd64", "4.8")).isZero();
        assertThat(SeccompProfile.compareKernel("4.4.0", "4.8")).isNegative();
    }

    @Test
    void toOci_oldKernel_minKernelRulesDropped() {
        List<String> old = allowed(profile.toOci("amd64", "4.4.0", Capabilities.DEFAULT));
        List<String> recent = allowed(profile.toOci("amd64", "5.10.0", Capabilities.DEFAULT));
        assertThat(recent.size()).isGreaterThan(old.size());
    }
}
