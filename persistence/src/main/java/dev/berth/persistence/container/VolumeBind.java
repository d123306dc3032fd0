package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A volume mounted in the container: named ({@code -v data:/d}) or anonymous ({@code -v /d}, an
 * image's {@code VOLUME}, {@code Config.Volumes}). The name of an anonymous volume is empty until the
 * create workflow has made it; a journaled container always has every name.
 *
 * @param name      the volume's name; empty only before an anonymous volume is made
 * @param driver    the driver for a volume the create makes ({@code HostConfig.VolumeDriver}); empty = {@code local}
 * @param target    absolute path in the container, not {@code /}
 * @param mode      the options after the target ({@code ro}, {@code nocopy}, {@code z} …)
 * @param anonymous made for this container: {@code rm -v} and {@code AutoRemove} remove it
 * @param given     the request field it came from: {@code Binds}, {@code Volumes} (and the image's), {@code Mounts},
 *                  or another container's ({@code VolumesFrom})
 * @param driverOptions options for the driver when the create makes the volume ({@code --mount volume-opt=k=v})
 * @param subpath   a directory or file inside the volume mounted instead of the whole ({@code --mount volume-subpath=a/b},
 *                  API v1.45): relative, without {@code ..}; "" = the volume itself
 * @param labels    labels of the volume when the create makes it ({@code --mount volume-label=k=v})
 */
public record VolumeBind(String name, String driver, String target, List<BindMount.Option> mode, boolean anonymous,
                         GivenAs given, Map<String, String> driverOptions,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) String subpath,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) implements BindEntry {
    @JsonCreator
    public VolumeBind {
        name = name == null ? "" : name;
        given = given == null ? GivenAs.BINDS : given;
        driverOptions = driverOptions == null ? Map.of() : Map.copyOf(new TreeMap<>(driverOptions));
        subpath = subpath == null ? "" : subpath;
        labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
        driver = driver == null ? "" : driver;
        mode = mode == null ? List.of() : List.copyOf(mode);
        if (name.isEmpty() && !anonymous) {
            throw EngineException.invalid("a named volume needs a name");
        }
        if (target == null || !target.startsWith("/")) {
            throw EngineException.invalid("invalid mount path: '" + target + "' mount path must be absolute");
        }
        if (ContainerPath.isRoot(target)) {
            throw EngineException.invalid("invalid specification: destination can't be '/'");
        }
    }

    /** A {@code -v} or image volume: no subpath, no labels. */
    public VolumeBind(String name, String driver, String target, List<BindMount.Option> mode, boolean anonymous,
                      GivenAs given, Map<String, String> driverOptions) {
        this(name, driver, target, mode, anonymous, given, driverOptions, "", Map.of());
    }

    public boolean readOnly() {
        return mode.contains(BindMount.Option.RO);
    }

    /** Docker's {@code nocopy}: the image's files at the target are not copied into a new volume. */
    public boolean noCopy() {
        return mode.contains(BindMount.Option.NOCOPY);
    }

    /** The same mount of the volume the create workflow made. */
    public VolumeBind named(String volumeName) {
        return new VolumeBind(volumeName, driver, target, mode, anonymous, given, driverOptions, subpath, labels);
    }

    /** The same mount, taken by another container ({@code --volumes-from}) with {@code access} (RO, RW or null = as it is). */
    public VolumeBind sharedAs(BindMount.Option access) {
        List<BindMount.Option> next = new ArrayList<>(mode.stream().filter(o -> o != BindMount.Option.RO
                && o != BindMount.Option.RW).toList());
        if (access != null ? access == BindMount.Option.RO : readOnly()) {
            next.add(BindMount.Option.RO);
        }
        return new VolumeBind(name, driver, target, next, anonymous, GivenAs.VOLUMES_FROM, driverOptions, subpath, labels);
    }

    /** As the user wrote it in {@code Binds}. */
    public String spec() {
        String modeText = String.join(",", mode.stream().map(BindMount.Option::word).toList());
        String head = anonymous ? target : name + ":" + target;
        return head + (modeText.isEmpty() ? "" : ":" + modeText);
    }
}
