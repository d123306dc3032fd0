package dev.berth.driver.dockerplugin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The little of HTTP/1.1 a plugin's answer needs: status line, Content-Length or chunked body. */
final class PluginHttp {
    private PluginHttp() {
    }

    record Response(int status, byte[] body) {
    }

    /** The status and the body (Content-Length, chunked, or up to the close). */
    static Response parse(byte[] raw) throws PluginClient.CallFailed {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new PluginClient.CallFailed(raw.length == 0 ? "the plugin closed the connection without an answer"
                    : "malformed HTTP answer from the plugin");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new NumberFormatException();
            }
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new PluginClient.CallFailed("malformed HTTP status line from the plugin: " + lines[0]);
        }
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                try {
                    length = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new PluginClient.CallFailed("malformed Content-Length from the plugin: " + value);
                }
            }
        }
        int start = end + 4;
        if (chunked) {
            return new Response(code, dechunk(raw, start));
        }
        int available = raw.length - start;
        int n = length < 0 ? available : Math.min(length, available);
        byte[] body = new byte[n];
        System.arraycopy(raw, start, body, 0, n);
        return new Response(code, body);
    }

    private static byte[] dechunk(byte[] raw, int pos) throws PluginClient.CallFailed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] crlf = {'\r', '\n'};
        while (true) {
            int eol = indexOf(raw, crlf, pos);
            if (eol < 0) {
                throw new PluginClient.CallFailed("truncated chunked answer from the plugin");
            }
            String sizeLine = new String(raw, pos, eol - pos, StandardCharsets.US_ASCII);
            int semi = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new PluginClient.CallFailed("malformed chunk size from the plugin: " + sizeLine);
            }
            if (size == 0) {
                return out.toByteArray();
            }
            int dataStart = eol + 2;
            if (dataStart + size > raw.length) {
                throw new PluginClient.CallFailed("truncated chunked answer from the plugin");
            }
            out.write(raw, dataStart, size);
            pos = dataStart + size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
