import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * CI's last word after {@code mvn -B verify}: reads the surefire and failsafe XML reports of every
 * module under the given root and fails (exit 1, naming the tests) when any test was skipped, failed
 * or erred, when a module with integration tests ({@code *IT.java}) ran none of them, or when no
 * integration test ran at all. A green build with silently skipped tests is not green.
 *
 * <p>Run as {@code java .ci/TestReports.java [ROOT]} (a single-file program; JDK only).
 */
public final class TestReports {

    record Suite(Path module, boolean integration, int tests, int skipped, int failed, List<String> skippedNames,
                 List<String> failedNames) {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Suite> suites = new ArrayList<>();
        List<Path> modulesWithIts = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, 6)) {
            for (Path p : walk.filter(TestReports::interesting).toList()) {
                if (Files.isDirectory(p)) {
                    Path module = p.getParent().getParent();
                    boolean integration = p.getFileName().toString().equals("failsafe-reports");
                    try (Stream<Path> reports = Files.list(p)) {
                        for (Path xml : reports.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
                                .sorted().toList()) {
                            suites.add(read(module, integration, xml));
                        }
                    }
                } else {
                    modulesWithIts.add(p);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Map<Path, int[]> perModule = new TreeMap<>();
        int unit = 0;
        int integration = 0;
        for (Suite s : suites) {
            for (String n : s.skippedNames()) {
                problems.add("skipped: " + n + " (" + root.relativize(s.module()) + ")");
            }
            for (String n : s.failedNames()) {
                problems.add("failed: " + n + " (" + root.relativize(s.module()) + ")");
            }
            int ran = s.tests() - s.skipped();
            if (s.integration()) {
                integration += ran;
                perModule.computeIfAbsent(s.module(), m -> new int[1])[0] += ran;
            } else {
                unit += ran;
            }
        }
        for (Path module : modulesWithIts.stream().map(TestReports::moduleOf).distinct().sorted().toList()) {
            if (perModule.getOrDefault(module, new int[1])[0] == 0) {
                problems.add("no integration test ran in " + root.relativize(module)
                        + ", which has *IT classes (failsafe reports missing or empty)");
            }
        }
        if (integration == 0) {
            problems.add("no integration test ran at all");
        }
        if (unit == 0) {
            problems.add("no unit test ran at all");
        }
        if (!problems.isEmpty()) {
            System.err.println("TestReports: " + problems.size() + " problem(s) in " + root + ":");
            problems.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
        System.out.println("TestReports: " + unit + " unit and " + integration + " integration tests ran in "
                + suites.size() + " suites; none skipped, none failed");
    }

    /** Report directories under a module's target, and the *IT sources that say a module has ITs. */
    private static boolean interesting(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.equals("surefire-reports") || name.equals("failsafe-reports")) {
            return p.getParent() != null && p.getParent().getFileName().toString().equals("target");
        }
        return name.endsWith("IT.java") && p.toString().contains("/src/test/java/");
    }

    private static Path moduleOf(Path itSource) {
        String s = itSource.toString();
        return Path.of(s.substring(0, s.indexOf("/src/test/java/")));
    }

    private static Suite read(Path module, boolean integration, Path xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element suite = factory.newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
        List<String> skipped = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String name = c.getAttribute("classname") + "#" + c.getAttribute("name");
            if (c.getElementsByTagName("skipped").getLength() > 0) {
                Element why = (Element) c.getElementsByTagName("skipped").item(0);
                String message = why.getAttribute("message");
                skipped.add(name + (message.isEmpty() ? "" : ": " + message));
            }
            if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                failed.add(name);
            }
        }
        int skippedCount = intAttr(suite, "skipped");
        if (skippedCount > skipped.size()) {
            skipped.add(suite.getAttribute("name") + ": " + (skippedCount - skipped.size()) + " more skipped");
        }
        int failedCount = intAttr(suite, "failures") + intAttr(suite, "errors");
        if (failedCount > failed.size()) {
            failed.add(suite.getAttribute("name") + ": " + (failedCount - failed.size()) + " more failed");
        }
        return new Suite(module, integration, intAttr(suite, "tests"), skippedCount, failedCount, skipped, failed);
    }

    private static int intAttr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? 0 : Integer.parseInt(v.trim());
    }

    private TestReports() {}
}
