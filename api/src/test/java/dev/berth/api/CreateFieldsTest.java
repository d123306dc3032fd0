package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.FieldTable.Rule;
import dev.berth.api.FieldTable.Status;
import dev.berth.api.model.ContainerCreateRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The create body's field table against the spec (names in {@code spec/create-body-fields.txt},
 * written by {@code scripts/spec-names}) and against the model records: a field added to either
 * without a status fails here.
 */
class CreateFieldsTest {
    private static final FieldTable TABLE = CreateFields.TABLE;
    private static final String SPEC = "/spec/create-body-fields.txt";

    @Test
    void everySpecField_hasAStatus() throws IOException {
        assertThat(FieldTableChecks.specFieldsWithoutStatus(TABLE, SPEC))
                .as("create-body fields of the spec with no status in CreateFields").isEmpty();
    }

    @Test
    void everyListedField_isInTheSpec() throws IOException {
        assertThat(FieldTableChecks.rulesNotInSpec(TABLE, SPEC)).as("paths in CreateFields the spec does not have")
                .isEmpty();
    }

    @Test
    void everyModelComponent_hasAStatus() {
        assertThat(FieldTableChecks.modelPaths(ContainerCreateRequest.class)).as("the walk sees the model")
                .contains("HostConfig.Init", "HostConfig.RestartPolicy.Name", "NetworkingConfig.EndpointsConfig.*.Aliases");
        assertThat(FieldTableChecks.modelFieldsWithoutStatus(TABLE, ContainerCreateRequest.class))
                .as("@JsonProperty components of the api model records with no status in CreateFields").isEmpty();
    }

    /** A field claimed honoured must reach the engine: the model records must bind it (or its parent). */
    @Test
    void everyHonouredField_isBoundByTheModel() {
        assertThat(FieldTableChecks.honouredButUnbound(TABLE, ContainerCreateRequest.class))
                .as("fields claimed honoured that ContainerCreateRequest does not bind").isEmpty();
    }

    @Test
    void table_listsEveryFieldWithItsStatus() throws IOException {
        StringBuilder listing = new StringBuilder();
        for (String field : FieldTableChecks.resourceLines(SPEC)) {
            Rule r = TABLE.rule(field);
            String status = r == null ? "(object: see its fields)" : r.status() + (r.note().isEmpty() ? "" : "  " + r.note());
            listing.append(String.format("%-58s %s%n", field, status));
        }
        System.out.print(listing);
        assertThat(TABLE.rules()).allSatisfy(r -> {
            assertThat(r.status()).isNotNull();
            if (r.status() != Status.HONOURED) {
                assertThat(r.note()).as("why %s is %s, and its default", r.path(), r.status()).isNotEmpty();
            }
        });
        List<Rule> unsupported = TABLE.rules().stream().filter(r -> r.status() == Status.UNSUPPORTED).toList();
        // what Berth lacks is named (not honoured by accident), and what it gained is no longer listed
        assertThat(unsupported).extracting(Rule::path).contains("HostConfig.KernelMemoryTCP", "HostConfig.StorageOpt")
                .doesNotContain("NetworkDisabled", "NetworkingConfig.EndpointsConfig.*.IPAMConfig.IPv6Address", "HostConfig.CpuRealtimeRuntime", "HostConfig.CpuRealtimePeriod", "NetworkingConfig.EndpointsConfig.*.Links",
                        "NetworkingConfig.EndpointsConfig.*.DriverOpts",
                        "NetworkingConfig.EndpointsConfig.*.IPAMConfig.LinkLocalIPs");
    }

    /** Every object path has fields in the spec (no object is invented). */
    @Test
    void objects_areSpecPathsOrTheirMapEntries() throws IOException {
        List<String> spec = FieldTableChecks.resourceLines(SPEC);
        for (String o : TABLE.objects()) {
            assertThat(spec.stream().anyMatch(s -> s.startsWith(o + "."))).as("object %s has fields in the spec", o)
                    .isTrue();
        }
    }
}
