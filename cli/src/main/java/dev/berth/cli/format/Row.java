package dev.berth.cli.format;

import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a list command (a container of {@code ps}, an image of {@code images}): its fields
 * by docker's formatter names. {@code {{json .}}} writes the plain fields sorted by name, HTML
 * escaped, as docker's formatter contexts marshal themselves.
 */
public record Row(String type, Map<String, Object> fields) {
    public Row {
        if (!(fields instanceof Computed)) fields = Map.copyOf(fields);
    }

    /**
     * Fields worked out from their source when first read, over a fixed list of names: a row of a long
     * list (ps) builds no map and no closures, and a table reads only its columns' fields.
     * {@link #compute} is called at most once per name; the map is read-only.
     */
    public abstract static class Computed extends java.util.AbstractMap<String, Object> {
        private final java.util.List<String> names;
        private final Object[] values;
        private final boolean[] done;

        protected Computed(java.util.List<String> names) {
            this.names = names;
            this.values = new Object[names.size()];
            this.done = new boolean[names.size()];
        }

        /** The value of {@code names.get(index)}. */
        protected abstract Object compute(int index);

        private Object at(int i) {
            if (!done[i]) {
                values[i] = compute(i);
                done[i] = true;
            }
            return values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return names.contains(key);
        }

        @Override
        public Object get(Object key) {
            int i = names.indexOf(key);
            return i < 0 ? null : at(i);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public int size() {
                    return names.size();
                }

                @Override
                public java.util.Iterator<Entry<String, Object>> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.size();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= names.size()) throw new java.util.NoSuchElementException();
                            int i = next++;
                            return new java.util.AbstractMap.SimpleImmutableEntry<>(names.get(i), at(i));
                        }
                    };
                }
            };
        }
    }

    /**
     * A field worked out only when a template uses it: {@code ps}'s CreatedAt needs the local time
     * zone's rules and names, which cost more of a short command than the rest of a default table.
     */
    public interface Deferred {
        Object value();
    }

    Object field(String name) {
        if (fields instanceof Computed c) {
            int i = c.names.indexOf(name);
            if (i >= 0) return c.at(i);
        }
        if (!fields.containsKey(name)) {
            throw new ExecError("can't evaluate field " + name + " in type " + (type.contains(".") ? "*" + type : "*formatter." + type));
        }
        Object v = fields.get(name);
        return v instanceof Deferred d ? d.value() : v;
    }

    Map<String, Object> jsonView() {
        Map<String, Object> m = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (v instanceof Deferred d) {
                m.put(k, d.value());
            } else if (!(v instanceof TemplateMethod)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
