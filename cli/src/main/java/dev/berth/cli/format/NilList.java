package dev.berth.cli.format;

import java.util.ArrayList;

/** A JSON null where the docker CLI's Go type has a slice: a typed run prints it {@code []}, {@code json} writes null. */
final class NilList extends ArrayList<Object> {
}
