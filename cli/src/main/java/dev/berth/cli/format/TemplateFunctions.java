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

    /** Go's built-ins and docker's functions: a name outside these does not parse. */
    private static final java.util.Set<String> DEFINED = java.util.Set.of("json", "split", "join", "title", "lower",
            "upper", "pad", "truncate", "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
            "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne");

    /** Functions whose errors Go reports as {@code error calling NAME: …}. */
    private static final java.util.Set<String> RETURN_ERRORS = java.util.Set.of("index", "slice", "len", "eq", "ne",
            "lt", "le", "gt", "ge", "call");

    static boolean defined(String name) {
        return DEFINED.contains(name);
    }

    static boolean returnsError(String name) {
        return RETURN_ERRORS.contains(name);
    }

    /** Go's argument count check, made before the arguments are evaluated. */
    static void checkArity(String name, int got) {
        int fixed = switch (name) {
            case "json", "title", "lower", "upper", "len", "not" -> 1;
            case "split", "join", "truncate", "lt", "le", "gt", "ge" -> 2;
            case "pad" -> 3;
            default -> -1;
        };
        if (fixed >= 0 && got != fixed) {
            throw new ExecError("wrong number of args for " + name + ": want " + fixed + " got " + got);
        }
        int min = switch (name) {
            case "index", "slice", "eq", "and", "or", "printf", "call" -> 1;
            case "ne" -> 2;
            default -> 0;
        };
        if (got < min) throw new ExecError("wrong number of args for " + name + ": want at least " + min + " got " + got);
    }

    static Object call(String name, List<Object> a, boolean header) {
        return call(name, a, header, Template.Mode.LENIENT);
    }

    static Object call(String name, List<Object> a, boolean header, Template.Mode mode) {
        if (header && List.of("json", "split", "join", "title", "lower", "upper", "truncate").contains(name)) {
            return a.isEmpty() ? "" : a.get(0);
        }
        return switch (name) {
            case "json" -> json(mode == Template.Mode.LENIENT ? arg(a, 0, name) : plain(arg(a, 0, name)));
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
            case "index" -> index(a, mode);
            case "slice" -> slice(a);
            case "html" -> html(concat(a, false));
            case "js" -> js(concat(a, false));
            case "urlquery" -> java.net.URLEncoder.encode(concat(a, false), java.nio.charset.StandardCharsets.UTF_8);
            case "call" -> throw new ExecError("call is not supported by berth");
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
            default -> throw new ExecError("function \"" + name + "\" not defined");
        };
    }

    static String json(Object v) {
        if (v instanceof Row r) return Json.write(r.jsonView());
        if (v instanceof GoMap g && g.nil()) return "null";
        return Json.writeUnescaped(v instanceof TemplateMethod m ? m.call(List.of()) : v == Template.MISSING ? null : v);
    }

    /** An inspected value as its JSON had it: Go's nil maps back to null. */
    private static Object plain(Object v) {
        if (v instanceof GoMap g && g.nil() || v instanceof NilList) return null;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), plain(x)));
            return copy;
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            for (Object x : l) copy.add(plain(x));
            return copy;
        }
        return v;
    }

    private static String join(Object v, String sep) {
        if (v == null) return "";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(TemplateValues.print(o));
            return String.join(sep, parts);
        }
        throw new ExecError("wrong type for value; expected []string; got " + TemplateValues.typeName(v));
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

    private static Object index(List<Object> a, Template.Mode mode) {
        Object v = arg(a, 0, "index");
        for (int i = 1; i < a.size(); i++) {
            Object k = a.get(i);
            if (v instanceof GoMap g && g.nil() && mode != Template.Mode.TYPED) {
                throw new ExecError("index of untyped nil");
            } else if (v instanceof Map<?, ?> m && mode == Template.Mode.TYPED && !(m instanceof GoMap)) {
                // a Go struct cannot be indexed: the raw run answers
                throw new ExecError("can't index item of type struct");
            } else if (v instanceof Map<?, ?> m) {
                // a key a map lacks gives the zero value of its element type: "" for a Go map of strings; in the
                // raw run (map of interface{}) a missing or null value is Go's invalid value, <no value>
                String key = String.valueOf(k);
                if (mode == Template.Mode.TYPED) v = m.containsKey(key) ? m.get(key) : ((GoMap) m).zero();
                else if (mode == Template.Mode.RAW) v = m.get(key) == null ? Template.MISSING : m.get(key);
                else v = m.containsKey(key) ? m.get(key) : null;
            } else if ((v instanceof List<?> || v instanceof String) && !(k instanceof Number)) {
                throw new ExecError("cannot index slice/array with type " + TemplateValues.typeName(k));
            } else if (v instanceof List<?> l) {
                v = l.get(position(((Number) k).longValue(), l.size()));
            } else if (v instanceof String s) {
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                v = (long) (b[position(((Number) k).longValue(), b.length)] & 0xff);
            } else if (v == null || v == Template.MISSING) {
                throw new ExecError("index of untyped nil");
            } else {
                throw new ExecError("can't index item of type " + TemplateValues.typeName(v));
            }
        }
        return v;
    }

    private static int position(long idx, int len) {
        if (idx < 0 || idx >= len) throw new ExecError("index out of range: " + idx);
        return (int) idx;
    }

    private static Object slice(List<Object> a) {
        Object v = arg(a, 0, "slice");
        int len = v instanceof List<?> l ? l.size() : v instanceof String s ? s.length() : -1;
        if (len < 0) {
            if (v == null || v == Template.MISSING) throw new ExecError("slice of untyped nil");
            throw new ExecError("can't slice item of type " + TemplateValues.typeName(v));
        }
        if (a.size() > 4) throw new ExecError("too many slice indexes: " + (a.size() - 1));
        long[] idx = {0, len};
        for (int i = 1; i < a.size(); i++) {
            if (!(a.get(i) instanceof Number n)) throw new ExecError("cannot index slice/array with type " + TemplateValues.typeName(a.get(i)));
            idx[Math.min(i - 1, 1)] = n.longValue();
            if (n.longValue() < 0 || n.longValue() > len) throw new ExecError("index out of range: " + n.longValue());
        }
        if (idx[0] > idx[1]) throw new ExecError("invalid slice index: " + idx[0] + " > " + idx[1]);
        if (v instanceof String s) return s.substring((int) idx[0], (int) idx[1]);
        return new ArrayList<Object>(((List<?>) v).subList((int) idx[0], (int) idx[1]));
    }

    private static String html(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '"' -> sb.append("&#34;");
                case 0 -> sb.append('\uFFFD');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String js(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ') sb.append(String.format("\\u%04X", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static int length(Object v) {
        if (v instanceof String s) return s.length();
        if (v instanceof List<?> l) return l.size();
        if (v instanceof Map<?, ?> m) return m.size();
        throw new ExecError("len of type " + TemplateValues.typeName(v));
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
        if (i >= a.size()) throw new ExecError("wrong number of args for " + fn + ": want " + (i + 1) + " got " + a.size());
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
        throw new ExecError("wrong type for value; expected int; got " + TemplateValues.typeName(v));
    }
}
