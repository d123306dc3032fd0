package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code images --tree}, drawn as the docker CLI 28 draws it when stdout is no terminal: each image
 * with its ID, disk usage and content size, its platforms' manifests beneath ({@code Manifests} of
 * {@code GET /images/json?manifests=1}), a {@code U} where a platform's image is in use.
 */
final class ImageTree {
    private static final int SPACING = 3;
    private static final String LEGEND = " Info ->  U In Use ";

    private record Details(String id, String diskUsage, boolean inUse, String contentSize) {}

    private record Child(String platform, Details details) {}

    private record Top(List<String> names, Details details, List<Child> children, long created) {}

    /** One column: its title, width (the first's is fitted to the names) and alignment. */
    private record Column(String title, int width, boolean right) {
        String print(String s) {
            return print(s, "", "");
        }

        /** {@code s} in {@code on}…{@code off} (escape codes), padded to the width outside them. */
        String print(String s, String on, String off) {
            int ln = s.codePointCount(0, s.length());
            if (ln > width) {
                return on + ellipsis(s, width) + off;
            }
            String fill = " ".repeat(width - ln);
            return right ? fill + on + s + off : on + s + off + fill;
        }
    }

    /**
     * The column titles' colour (default foreground, bold): the docker CLI 28 writes it whether or
     * not stdout is a terminal, unlike the rest of the tree's colours.
     */
    static final String TITLE_ON = "\u001b[39m\u001b[1m";
    static final String TITLE_OFF = "\u001b[0m";

    private ImageTree() {}

    /** @param width the terminal's columns, 0 when there is none (then 80, as docker) */
    static String render(List<Object> images, boolean all, int width) {
        List<Top> view = new ArrayList<>();
        boolean spacing = false;
        for (Object o : images) {
            Map<String, Object> img = Json.map(o);
            List<String> tags = new ArrayList<>();
            Json.list(img.get("RepoTags")).forEach(t -> tags.add(String.valueOf(t)));
            if (!all && dangling(img, tags)) {
                continue;
            }
            boolean inUse = Json.num(img, "Containers") > 0;
            long content = 0;
            List<Child> children = new ArrayList<>();
            for (Object m : Json.list(img.get("Manifests"))) {
                Map<String, Object> manifest = Json.map(m);
                content += Json.num(manifest, "Size", "Content");
                if (!"image".equals(Json.str(manifest, "Kind"))) {
                    continue;
                }
                boolean used = !Json.list(Json.map(manifest.get("ImageData")).get("Containers")).isEmpty();
                inUse |= used;
                children.add(new Child(platform(Json.map(Json.map(manifest.get("ImageData")).get("Platform"))),
                        new Details(Json.str(manifest, "ID"), size(Json.num(manifest, "Size", "Total")), used,
                                size(Json.num(manifest, "Size", "Content")))));
                spacing = true;
            }
            view.add(new Top(tags, new Details(Json.str(img, "Id"), size(Json.num(img, "Size")), inUse, size(content)),
                    children, Json.num(img, "Created")));
        }
        view.sort(Comparator.comparingLong(Top::created).reversed());
        return print(view, spacing, width == 0 ? 80 : Math.max(width, 20), width);
    }

    private static String print(List<Top> view, boolean spacing, int width, int ttyWidth) {
        boolean chip = view.stream().anyMatch(t -> t.children().stream().anyMatch(c -> c.details().inUse()));
        List<Column> columns = new ArrayList<>(List.of(new Column("Image", 0, false), new Column("ID", 12, false),
                new Column("Disk usage", 10, true), new Column("Content size", 12, true),
                new Column("Extra", Math.max("Extra".length(), chip ? 1 : 0), false)));
        int nameWidth = width;
        for (int i = 1; i < columns.size(); i++) {
            int d = columns.get(i).width() + SPACING;
            if (nameWidth - d < 12) {
                columns = new ArrayList<>(columns.subList(0, i));
                break;
            }
            nameWidth -= d;
        }
        columns.set(0, new Column("Image", Math.min(nameWidth, widest(view)), false));

        StringBuilder out = new StringBuilder();
        out.append("WARNING: This is an experimental feature. The output may change and shouldn't be depended on.\n");
        out.append(" ".repeat(Math.max(0, width - LEGEND.length()))).append(LEGEND).append("\n\n");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(" ".repeat(SPACING));
            }
            out.append(columns.get(i).print(columns.get(i).title().toUpperCase(java.util.Locale.ROOT), TITLE_ON, TITLE_OFF));
        }
        out.append('\n');
        Column first = columns.get(0);
        for (Top img : view) {
            if (img.names().isEmpty()) {
                out.append(first.print("<untagged>"));
            }
            List<String> longestFirst = new ArrayList<>(img.names());
            longestFirst.sort(Comparator.comparingInt(String::length).reversed());
            for (int n = 0; n < longestFirst.size(); n++) {
                // every name but the last on a line of its own, cut at a terminal's width (whole without one)
                out.append(n < longestFirst.size() - 1 ? ellipsis(longestFirst.get(n), ttyWidth) + "\n"
                        : first.print(longestFirst.get(n)));
            }
            details(out, columns, img.details(), chip);
            if (!img.children().isEmpty() || spacing) {
                out.append('\n');
            }
            for (int c = 0; c < img.children().size(); c++) {
                Child child = img.children().get(c);
                out.append(first.print((c < img.children().size() - 1 ? "├─ " : "└─ ") + child.platform()));
                details(out, columns, child.details(), chip);
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void details(StringBuilder out, List<Column> columns, Details d, boolean chip) {
        for (int i = 1; i < columns.size(); i++) {
            out.append(" ".repeat(SPACING));
            String value = switch (i) {
                case 1 -> truncateId(d.id());
                case 2 -> d.diskUsage();
                case 3 -> d.contentSize();
                default -> chip ? (d.inUse() ? "U" : " ") : "";
            };
            out.append(columns.get(i).print(value));
        }
    }

    /** The first column's width: its title's, the longest name's, a platform's after its branch. */
    private static int widest(List<Top> view) {
        int width = "Image".length();
        for (Top img : view) {
            for (String name : img.names()) {
                width = Math.max(width, name.length());
            }
            for (Child c : img.children()) {
                // docker measures the branch "└─ " in bytes (7), not columns
                width = Math.max(width, c.platform().length() + 7);
            }
        }
        return width;
    }

    /** containerd's platforms.Format: "unknown" without an os, else os/architecture/variant, empty parts left out. */
    private static String platform(Map<String, Object> p) {
        String os = Json.str(p, "os");
        if (os.isEmpty()) {
            return "unknown";
        }
        StringBuilder s = new StringBuilder(os);
        for (String part : List.of(Json.str(p, "architecture"), Json.str(p, "variant"))) {
            if (!part.isEmpty()) {
                s.append('/').append(part);
            }
        }
        return s.toString();
    }

    private static boolean dangling(Map<String, Object> img, List<String> tags) {
        List<Object> digests = Json.list(img.get("RepoDigests"));
        return tags.isEmpty() || (tags.size() == 1 && "<none>:<none>".equals(tags.get(0)) && digests.size() == 1
                && "<none>@<none>".equals(String.valueOf(digests.get(0))));
    }

    private static String size(long bytes) {
        return Units.humanSize(bytes, 3);
    }

    private static String truncateId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** docker's tui.Ellipsis: the first {@code length - 1} characters and "…". */
    static String ellipsis(String s, int length) {
        int[] cps = s.codePoints().toArray();
        if (length <= 0 || cps.length < length) {
            return s;
        }
        return new String(cps, 0, length - 1) + "…";
    }
}
