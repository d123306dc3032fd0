package dev.berth.api;

import dev.berth.api.backend.Filters;
import dev.berth.spi.EngineException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A route's query parameters as the spec lists them: those it honours, and those it does not, each
 * refused with a 400 naming it unless given at its default (which clients send without meaning
 * anything). For routes with {@code filters}, the same for the filter keys: a key the spec does not
 * list is Docker's {@code invalid filter}, one it lists that Berth does not implement is refused by
 * name. Parameters the spec does not list are ignored, as dockerd ignores them.
 *
 * @param honoured          parameters the handler reads and acts on
 * @param unsupported       parameter → whether a given value is the default
 * @param filters           filter keys the backend implements
 * @param unsupportedFilters filter keys the spec lists that the backend does not implement
 * @param moot              the route answers the same whatever its parameters say (dockerd's answer
 *                          outside swarm mode, say): none is refused and none needs a status
 * @param extensions        Berth's own parameters, not in the spec (Docker clients never send them):
 *                          listed so the table test can tell them from spec parameters
 */
record QuerySupport(Set<String> honoured, Map<String, Predicate<String>> unsupported, Set<String> filters,
                    Set<String> unsupportedFilters, boolean moot, Set<String> extensions) {
    static final QuerySupport NONE = new QuerySupport(Set.of(), Map.of(), Set.of(), Set.of(), false, Set.of());
    static final QuerySupport MOOT = new QuerySupport(Set.of(), Map.of(), Set.of(), Set.of(), true, Set.of());

    QuerySupport {
        honoured = Set.copyOf(honoured);
        unsupported = Map.copyOf(unsupported);
        filters = Set.copyOf(filters);
        unsupportedFilters = Set.copyOf(unsupportedFilters);
        extensions = Set.copyOf(extensions);
        for (String name : honoured) {
            if (unsupported.containsKey(name)) {
                throw new IllegalArgumentException("query parameter both honoured and unsupported: " + name);
            }
        }
    }

    QuerySupport honouring(String... names) {
        Set<String> all = new LinkedHashSet<>(honoured);
        all.addAll(List.of(names));
        return new QuerySupport(all, unsupported, filters, unsupportedFilters, moot, extensions);
    }

    QuerySupport refusing(String name, Predicate<String> isDefault) {
        Map<String, Predicate<String>> all = new LinkedHashMap<>(unsupported);
        all.put(name, isDefault);
        return new QuerySupport(honoured, all, filters, unsupportedFilters, moot, extensions);
    }

    QuerySupport filtering(Set<String> keys, Set<String> unsupportedKeys) {
        return new QuerySupport(honoured, unsupported, keys, unsupportedKeys, moot, extensions);
    }

    QuerySupport extending(String... names) {
        Set<String> all = new LinkedHashSet<>(extensions);
        all.addAll(List.of(names));
        return new QuerySupport(honoured, unsupported, filters, unsupportedFilters, moot, all);
    }

    /** Every name of the spec the route has a status for (not its extensions). */
    Set<String> listed() {
        Set<String> all = new LinkedHashSet<>(honoured);
        all.addAll(unsupported.keySet());
        return all;
    }

    /** @throws EngineException INVALID_ARGUMENT for the first unsupported parameter or filter key given */
    void check(Map<String, List<String>> params) {
        if (moot) {
            return;
        }
        for (Map.Entry<String, Predicate<String>> p : unsupported.entrySet()) {
            for (String value : params.getOrDefault(p.getKey(), List.of())) {
                if (!p.getValue().test(value)) {
                    throw EngineException.invalid("query parameter \"" + p.getKey() + "\" is not supported by Berth yet");
                }
            }
        }
        if (!honoured.contains("filters")) {
            return;
        }
        List<String> given = params.getOrDefault("filters", List.of());
        Filters f = FiltersParser.parse(given.isEmpty() ? null : given.get(0));
        for (String key : f.keys()) {
            if (unsupportedFilters.contains(key)) {
                throw EngineException.invalid("filter '" + key + "' is not supported by Berth yet");
            }
            if (!filters.contains(key)) {
                throw EngineException.invalid("invalid filter '" + key + "'");
            }
        }
    }

    /** A boolean parameter whose default is false: absent, "", 0, false, no, none (dockerd's BoolValue). */
    static boolean falsy(String value) {
        String s = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none");
    }

    /** A text parameter whose default is empty. */
    static boolean empty(String value) {
        return value == null || value.isEmpty();
    }
}
