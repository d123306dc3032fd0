package dev.berth.driver.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The little of RFC 1035 the embedded DNS needs: read a query's header and first question, build an
 * answer with A records or an error code. Everything else is relayed to upstream resolvers as bytes.
 */
final class DnsMessage {

    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;
    static final int TYPE_ANY = 255;
    static final int CLASS_IN = 1;
    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int SERVFAIL = 2;
    static final int NXDOMAIN = 3;
    static final int TTL = 600;

    private DnsMessage() {
    }

    /**
     * A query's header and first question.
     *
     * @param questionEnd offset just past the question (type and class included)
     */
    record Question(int id, int flags, String name, int type, int qclass, int questionEnd) {
        boolean isQuery() {
            return (flags & 0x8000) == 0 && ((flags >>> 11) & 0xf) == 0;
        }
    }

    /** What a response says, for tests and logging. */
    record Response(int id, int rcode, List<String> addresses) {
    }

    static Question parseQuestion(byte[] msg, int length) {
        if (length < 12) {
            throw new IllegalArgumentException("short DNS message");
        }
        ByteBuffer buf = ByteBuffer.wrap(msg, 0, length);
        int id = buf.getShort(0) & 0xffff;
        int flags = buf.getShort(2) & 0xffff;
        int qdcount = buf.getShort(4) & 0xffff;
        if (qdcount < 1) {
            throw new IllegalArgumentException("no question");
        }
        int[] pos = {12};
        String name = readName(msg, length, pos);
        if (pos[0] + 4 > length) {
            throw new IllegalArgumentException("truncated question");
        }
        int type = buf.getShort(pos[0]) & 0xffff;
        int qclass = buf.getShort(pos[0] + 2) & 0xffff;
        return new Question(id, flags, name, type, qclass, pos[0] + 4);
    }

    /** An answer to {@code query}: its question echoed, then one A record per address. */
    static byte[] answer(byte[] query, Question q, List<Integer> addresses, int rcode) {
        return answer(query, q, addresses, List.of(), rcode);
    }

    /** An answer: its question echoed, one A record per IPv4 address, then one AAAA record per IPv6 address. */
    static byte[] answer(byte[] query, Question q, List<Integer> addresses, List<byte[]> addresses6, int rcode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(q.questionEnd() + 16 * addresses.size()
                + 28 * addresses6.size());
        int flags = 0x8000 | (q.flags() & 0x7800) | 0x0400 | (q.flags() & 0x0100) | 0x0080 | (rcode & 0xf);
        writeShort(out, q.id());
        writeShort(out, flags);
        writeShort(out, 1);
        writeShort(out, addresses.size() + addresses6.size());
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(query, 12, q.questionEnd() - 12);
        for (int address : addresses) {
            writeShort(out, 0xc00c); // pointer to the question's name
            writeShort(out, TYPE_A);
            writeShort(out, CLASS_IN);
            writeShort(out, TTL >>> 16);
            writeShort(out, TTL & 0xffff);
            writeShort(out, 4);
            writeShort(out, address >>> 16);
            writeShort(out, address & 0xffff);
        }
        for (byte[] address : addresses6) {
            writeShort(out, 0xc00c);
            writeShort(out, TYPE_AAAA);
            writeShort(out, CLASS_IN);
            writeShort(out, TTL >>> 16);
            writeShort(out, TTL & 0xffff);
            writeShort(out, 16);
            out.write(address, 0, 16);
        }
        return out.toByteArray();
    }

    /** A header-only error reply for a message we cannot even parse a question from. */
    static byte[] formatError(byte[] msg, int length) {
        byte[] out = new byte[12];
        if (length >= 2) {
            out[0] = msg[0];
            out[1] = msg[1];
        }
        out[2] = (byte) 0x80;
        out[3] = (byte) (0x80 | FORMERR);
        return out;
    }

    /** A recursive query for one name (tests, and a fake upstream's view). */
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        writeShort(out, 0x0100);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        out.write(0);
        writeShort(out, type);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    static Response parseResponse(byte[] msg, int length) {
        Question q = parseQuestion(msg, length);
        ByteBuffer buf = ByteBuffer.wrap(msg, 0, length);
        int ancount = buf.getShort(6) & 0xffff;
        int[] pos = {q.questionEnd()};
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < ancount; i++) {
            readName(msg, length, pos);
            int type = buf.getShort(pos[0]) & 0xffff;
            int rdlength = buf.getShort(pos[0] + 8) & 0xffff;
            int rdata = pos[0] + 10;
            if (type == TYPE_A && rdlength == 4) {
                addresses.add((msg[rdata] & 0xff) + "." + (msg[rdata + 1] & 0xff) + "." + (msg[rdata + 2] & 0xff)
                        + "." + (msg[rdata + 3] & 0xff));
            }
            if (type == TYPE_AAAA && rdlength == 16) {
                addresses.add(dev.berth.spi.network.Ipv6Cidr.formatAddress(
                        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(msg, rdata, rdata + 16))));
            }
            pos[0] = rdata + rdlength;
        }
        return new Response(q.id(), q.flags() & 0xf, addresses);
    }

    /** Reads a possibly compressed name at pos[0], advancing pos[0] past it; lower-case, no trailing dot. */
    static String readName(byte[] msg, int length, int[] pos) {
        StringBuilder name = new StringBuilder();
        int p = pos[0];
        int end = -1;
        for (int jumps = 0; ; ) {
            if (p >= length) {
                throw new IllegalArgumentException("name runs past the message");
            }
            int len = msg[p] & 0xff;
            if (len == 0) {
                p++;
                break;
            }
            if ((len & 0xc0) == 0xc0) {
                if (p + 1 >= length || ++jumps > 16) {
                    throw new IllegalArgumentException("bad compression pointer");
                }
                if (end < 0) {
                    end = p + 2;
                }
                p = ((len & 0x3f) << 8) | (msg[p + 1] & 0xff);
                continue;
            }
            if ((len & 0xc0) != 0 || p + 1 + len > length) {
                throw new IllegalArgumentException("bad label");
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(msg, p + 1, len, StandardCharsets.US_ASCII));
            p += 1 + len;
            if (name.length() > 255) {
                throw new IllegalArgumentException("name too long");
            }
        }
        pos[0] = end >= 0 ? end : p;
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }
}
