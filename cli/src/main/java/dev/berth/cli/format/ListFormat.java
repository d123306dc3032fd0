package dev.berth.cli.format;

import java.util.List;
import java.util.Map;

/**
 * docker's formatter.Context: a {@code --format} of {@code table …} renders a header line (the
 * template run over the header names) and aligned rows; any other template renders one line per
 * row; {@code json} means {@code {{json .}}}.
 */
public final class ListFormat {
    private ListFormat() {}

    public static boolean isTable(String format) {
        return format.startsWith("table");
    }

    public static String render(String format, List<Row> rows, Map<String, Object> headers) {
        boolean table = isTable(format);
        StringBuilder sb = new StringBuilder();
        try {
            // as docker's formatter: nothing is printed unless every row renders
            Template t = Template.parse(templateText(format));
            for (Row r : rows) sb.append(t.execute(r)).append('\n');
            if (!table) return sb.toString();
            String header = t.executeHeader(headers);
            return TabWriter.table(header + "\n" + sb);
        } catch (TemplateException e) {
            throw e.prefixed("template parsing error: ", 1);
        }
    }

    public static String templateText(String format) {
        String f = format.equals("json") ? "{{json .}}" : format;
        if (f.startsWith("table")) f = f.substring(5);
        f = trimSpaces(f);
        return f.replace("\\t", "\t").replace("\\n", "\n");
    }

    /** Go's {@code strings.Trim(s, " ")}: spaces only, other whitespace is kept. */
    private static String trimSpaces(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == ' ') a++;
        while (b > a && s.charAt(b - 1) == ' ') b--;
        return s.substring(a, b);
    }
}
