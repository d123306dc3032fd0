package dev.berth.cli.cmd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --gpus} as the docker CLI reads it into one {@code HostConfig.DeviceRequests} entry:
 * {@code all}, a count, or CSV {@code count=,device=,driver=,capabilities=,options=}; the
 * capabilities always include {@code gpu}.
 */
final class Gpus {
    private Gpus() {}

    static Map<String, Object> request(String value) {
        String driver = "";
        long count = 0;
        List<Object> ids = null;
        List<Object> caps = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String field : csv(value)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? "count" : field.substring(0, eq);
            String val = eq < 0 ? field : field.substring(eq + 1);
            if (!seen.add(key)) throw bad(value, "gpu request key '" + key + "' can be specified only once");
            switch (key) {
                case "driver" -> driver = val;
                case "count" -> count = count(value, val);
                case "device" -> ids = new ArrayList<>(List.of(val.split(",", -1)));
                case "capabilities" -> caps.addAll(List.of(val.split(",", -1)));
                case "options" -> {
                    for (String kv : csv(val)) {
                        int e = kv.indexOf('=');
                        if (e < 0) throw bad(value, "invalid option: " + kv);
                        options.put(kv.substring(0, e), kv.substring(e + 1));
                    }
                }
                default -> throw bad(value, "unexpected key '" + key + "' in '" + field + "'");
            }
        }
        caps.add("gpu");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Driver", driver);
        r.put("Count", count);
        r.put("DeviceIDs", ids);
        r.put("Capabilities", new ArrayList<Object>(List.of(caps)));
        r.put("Options", options);
        return r;
    }

    private static long count(String value, String val) {
        if (val.equals("all")) return -1;
        try {
            return Long.parseLong(val);
        } catch (NumberFormatException e) {
            throw bad(value, "invalid count (" + val + "): strconv.Atoi: parsing \"" + val + "\": invalid syntax");
        }
    }

    private static UsageException bad(String value, String why) {
        return new UsageException("invalid argument \"" + value + "\" for \"--gpus\" flag: " + why);
    }

    /** One CSV record: commas split fields except inside double quotes. */
    private static List<String> csv(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
