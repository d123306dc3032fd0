package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every persisted type against its fixture in {@code src/test/resources/golden/}: the stored JSON
 * is a public schema, so a change to it must show up as a changed fixture in review. Run with
 * {@code -Dgolden.update=true} to (re)write the fixtures from {@link Samples}.
 */
class GoldenJsonTest {
    private static final ObjectMapper PRETTY = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        // The daemon's layering (journal.conf on top of every jar's reference.conf), so the fixtures
        // are checked with the Jackson modules berthd registers, whatever the classpath order.
        testKit = ActorTestKit.create("golden", JournalConfig.forDataRoot(Paths.get("target/golden-root"))
                .withFallback(ConfigFactory.load()).resolve());
        serialization = SerializationExtension.get(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @TestFactory
    Stream<DynamicTest> serialize_sample_matchesFixtureAndReadsBack() {
        return Samples.all().entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            BerthSerializable sample = entry.getValue();
            Serializer serializer = serialization.findSerializerFor(sample);
            assertThat(serializer.identifier()).as("serializer").isEqualTo(31); // jackson-json
            byte[] bytes = serializer.toBinary(sample);
            JsonNode written = PRETTY.readTree(bytes);
            if (Boolean.getBoolean("golden.update")) {
                writeFixture(entry.getKey(), written);
            }
            JsonNode fixture = PRETTY.readTree(fixture(entry.getKey()));
            assertThat(written).as("JSON of %s", entry.getKey()).isEqualTo(fixture);

            String manifest = Serializers.manifestFor(serializer, sample);
            Object read = serialization.deserialize(PRETTY.writeValueAsBytes(fixture), serializer.identifier(),
                    manifest).get();
            assertThat(read).isEqualTo(sample);
        }));
    }

    @Test
    void fixtures_everyConcreteBerthSerializable_hasOne() throws Exception {
        var covered = new TreeSet<String>();
        Samples.all().values().forEach(s -> covered.add(s.getClass().getName()));
        assertThat(covered).containsAll(concreteTypes());
    }

    @Test
    void journalMapper_registersNoScalaModule() {
        // Every persisted type is a Java record or enum; the Scala module only cost class metadata.
        ObjectMapper mapper = JacksonObjectMapperProvider.get(testKit.system().classicSystem())
                .getOrCreate("jackson-json", Optional.empty());
        assertThat(mapper.getRegisteredModuleIds()).map(String::valueOf)
                .noneMatch(id -> id.contains("scala"))
                .anyMatch(id -> id.contains("JavaTimeModule") || id.contains("jsr310"));
    }

    @Test
    void serialize_instant_isIsoString() throws Exception {
        JsonNode json = PRETTY.readTree(serialization.serialize(new dev.berth.persistence.container.ContainerEvent
                .Removed(Samples.T1)).get());
        assertThat(json.get("at").isTextual()).isTrue();
        assertThat(json.get("at").asText()).isEqualTo("2024-05-01T10:00:01.250Z");
    }

    /** Every non-abstract class in this module's main classes that implements BerthSerializable. */
    static List<String> concreteTypes() throws URISyntaxException, IOException, ClassNotFoundException {
        Path root = Paths.get(BerthSerializable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var names = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, GoldenJsonTest.class.getClassLoader());
                if (BerthSerializable.class.isAssignableFrom(type) && !type.isInterface()
                        && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                    names.add(name);
                }
            }
        }
        assertThat(names).as("scan found the persisted types").hasSizeGreaterThan(10);
        return names;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + name + ".json")) {
            assertThat(in).as("fixture golden/%s.json", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void writeFixture(String name, JsonNode json) throws IOException {
        Path file = Paths.get("src/test/resources/golden", name + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, PRETTY.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
        // Also where the classpath reads it in this run.
        Path target = Paths.get("target/test-classes/golden", name + ".json");
        Files.createDirectories(target.getParent());
        Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
