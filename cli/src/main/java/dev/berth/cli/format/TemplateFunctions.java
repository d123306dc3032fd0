package dev.berth.cli.format;

import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** docker's template functions, and Go's built-ins that formats commonly use. */
final class TemplateFunctions {
    private TemplateFunctions() {}

    static Object call(String name, List<Object> a, boolean header) {
        if (header && List.of("json", "split", "join", "title", "lower", "upper", "truncate").contains(name)) {
            return a.isEmpty() ? "" : a.get(0);
        }
        return switch (name) {
            case "json" -> json(arg(a, 0, name));
            case "split" -> new ArrayList<Object>(Arrays.asList(str(a, 0, name).split(java.util.regex.Pattern.quote(str(a, 1, name)), -1)));
            case "join" -> join(arg(a, 0, name), str(a, 1, name));
            case "title" -> title(str(a, 0, name));
            case "lower" -> str(a, 0, name).toLowerCase();
            case "upper" -> str(a, 0, name).toUpperCase();
            case "pad" -> {
                String s = str(a, 0, name);
                yield s.isEmpty() ? s : " ".repeat(num(a, 1, name)) + s + " ".repeat(num(a, 2, name));
            }
            case "truncate" -> {
                String s = str(a, 0, name);
                int n = num(a, 1, name);
                yield s.length() < n ? s : s.substring(0, n);
            }
            case "index" -> index(a);
            case "len" -> (long) length(arg(a, 0, name));
            case "eq" -> eq(a);
            case "ne" -> !eq(a);
            case "lt" -> compare(a) < 0;
            case "le" -> compare(a) <= 0;
            case "gt" -> compare(a) > 0;
            case "ge" -> compare(a) >= 0;
            case "not" -> !TemplateValues.truthy(arg(a, 0, name));
            case "and" -> {
                Object last = null;
                for (Object o : a) {
                    last = o;
                    if (!TemplateValues.truthy(o)) break;
                }
                yield last;
            }
            case "or" -> {
                Object last = null;
                for (Object o : a) {
                    last = o;
                    if (TemplateValues.truthy(o)) break;
                }
                yield last;
            }
            case "print" -> concat(a, false);
            case "println" -> concat(a, true) + "\n";
            case "printf" -> printf(a);
            default -> throw new TemplateException("template: function \"" + name + "\" not defined");
        };
    }

    static String json(Object v) {
        if (v instanceof Row r) return Json.write(r.jsonView());
        return Json.writeUnescaped(v instanceof TemplateMethod m ? m.call(List.of()) : v == Template.MISSING ? null : v);
    }

    private static String join(Object v, String sep) {
        if (v == null) return "";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(TemplateValues.print(o));
            return String.join(sep, parts);
        }
        throw new TemplateException("template: join: expected a list, got " + TemplateValues.typeName(v));
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return sb.toString();
    }

    private static Object index(List<Object> a) {
        Object v = arg(a, 0, "index");
        for (int i = 1; i < a.size(); i++) {
            Object k = a.get(i);
            if (v instanceof Map<?, ?> m) {
                v = m.containsKey(String.valueOf(k)) ? m.get(String.valueOf(k)) : null;
            } else if (v instanceof List<?> l && k instanceof Number n) {
                int idx = n.intValue();
                if (idx < 0 || idx >= l.size()) throw new TemplateException("template: index out of range: " + idx);
                v = l.get(idx);
            } else {
                throw new TemplateException("template: can't index item of type " + TemplateValues.typeName(v));
            }
        }
        return v;
    }

    private static int length(Object v) {
        if (v instanceof String s) return s.length();
        if (v instanceof List<?> l) return l.size();
        if (v instanceof Map<?, ?> m) return m.size();
        throw new TemplateException("template: len of type " + TemplateValues.typeName(v));
    }

    private static boolean eq(List<Object> a) {
        Object x = arg(a, 0, "eq");
        for (int i = 1; i < a.size(); i++) {
            if (same(x, a.get(i))) return true;
        }
        return false;
    }

    private static boolean same(Object x, Object y) {
        if (x instanceof Number n && y instanceof Number m) return n.doubleValue() == m.doubleValue();
        return Objects.equals(x == Template.MISSING ? null : x, y == Template.MISSING ? null : y);
    }

    private static int compare(List<Object> a) {
        Object x = arg(a, 0, "compare");
        Object y = arg(a, 1, "compare");
        if (x instanceof Number n && y instanceof Number m) return Double.compare(n.doubleValue(), m.doubleValue());
        return TemplateValues.print(x).compareTo(TemplateValues.print(y));
    }

    private static String concat(List<Object> a, boolean spaces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            boolean bothNonString = i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String);
            if (i > 0 && (spaces || bothNonString)) sb.append(' ');
            sb.append(TemplateValues.print(a.get(i)));
        }
        return sb.toString();
    }

    private static String printf(List<Object> a) {
        String fmt = str(a, 0, "printf");
        StringBuilder sb = new StringBuilder();
        int argi = 1;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                sb.append(c);
                continue;
            }
            char verb = fmt.charAt(++i);
            if (verb == '%') {
                sb.append('%');
            } else {
                Object v = argi < a.size() ? a.get(argi++) : "%!" + verb + "(MISSING)";
                sb.append(verb == 'q' ? Json.write(TemplateValues.print(v)) : TemplateValues.print(v));
            }
        }
        return sb.toString();
    }

    private static Object arg(List<Object> a, int i, String fn) {
        if (i >= a.size()) throw new TemplateException("template: wrong number of args for " + fn);
        Object v = a.get(i);
        return v instanceof TemplateMethod m ? m.call(List.of()) : v;
    }

    private static String str(List<Object> a, int i, String fn) {
        Object v = arg(a, i, fn);
        return v instanceof String s ? s : TemplateValues.print(v);
    }

    private static int num(List<Object> a, int i, String fn) {
        Object v = arg(a, i, fn);
        if (v instanceof Number n) return n.intValue();
        throw new TemplateException("template: " + fn + ": expected an integer");
    }
}
