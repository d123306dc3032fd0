package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HostGatewayIpsTest {
    @TempDir
    Path tmp;

    private DaemonOptions parse(String json, String... args) throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, json);
        Main main = new Main();
        String[] all = new String[args.length + 2];
        all[0] = "--config-file";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(main).parseArgs(all);
        return main.options();
    }

    @Test
    void options_flagRepeated_oneOfEachFamily() throws Exception {
        assertThat(parse("{}", "--host-gateway-ip", "10.9.0.1", "--host-gateway-ip", "fd00::1").hostGatewayIps())
                .containsExactly("10.9.0.1", "fd00::1");
    }

    @Test
    void options_fileOldSingleKey_migratedToTheList() throws Exception {
        assertThat(parse("{\"host-gateway-ip\": \"192.168.7.1\"}").hostGatewayIps()).containsExactly("192.168.7.1");
    }

    @Test
    void options_fileOldAndNewKey_refusedLikeDockerd() {
        assertThatThrownBy(() -> parse("{\"host-gateway-ip\": \"10.1.1.1\", \"host-gateway-ips\": [\"10.1.1.2\"]}"))
                .hasMessageEndingWith("host-gateway-ip and host-gateway-ips must not both be specified in the config file");
    }

    @Test
    void options_none_noEntry_theDefaultBridgesGatewayApplies() throws Exception {
        assertThat(parse("{}").hostGatewayIps()).isEmpty();
    }

    @Test
    void options_flagAndFile_refusedLikeAnyDirective() {
        assertThatThrownBy(() -> parse("{\"host-gateway-ips\": [\"10.1.1.1\"]}", "--host-gateway-ip", "10.2.2.2"))
                .hasMessageContaining("specified both as a flag and in the configuration file");
    }

    @Test
    void options_badAddresses_refusedAtStart() {
        assertThatThrownBy(() -> parse("{}", "--host-gateway-ip", "gateway.example"))
                .hasMessage("invalid IP address in host-gateway-ips: gateway.example");
        assertThatThrownBy(() -> parse("{}", "--host-gateway-ip", "300.1.1.1"))
                .hasMessage("invalid IP address in host-gateway-ips: 300.1.1.1");
        assertThatThrownBy(() -> parse("{}", "--host-gateway-ip", "10.0.0.1", "--host-gateway-ip", "10.0.0.2"))
                .hasMessage("only one IPv4 host gateway IP address can be specified");
    }
}
