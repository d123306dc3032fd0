package dev.berth.cli.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Successive JSON objects on one stream, as /events and the progress of pull and import send
 * them (newline separated or not); each is handed over as soon as it is complete.
 */
public final class JsonStream {
    private JsonStream() {}

    public static void forEach(InputStream in, Consumer<Object> sink) throws IOException {
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        int depth = 0;
        boolean inString = false;
        boolean escape = false;
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (depth == 0 && b != '{' && b != '[') continue;
                cur.write(b);
                if (inString) {
                    if (escape) escape = false;
                    else if (b == '\\') escape = true;
                    else if (b == '"') inString = false;
                    continue;
                }
                if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                    if (depth == 0) {
                        sink.accept(Json.parse(cur.toString(StandardCharsets.UTF_8)));
                        cur.reset();
                    }
                }
            }
        }
    }
}
