"""A DNS server for tests: answers A queries for one name with one address, NXDOMAIN for any other name
(argv: bind address, name, address)."""
import socket
import struct
import sys

bind, name, answer = sys.argv[1], sys.argv[2].lower(), bytes(int(b) for b in sys.argv[3].split("."))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((bind, 53))
print("ready", flush=True)
while True:
    msg, client = s.recvfrom(512)
    question = msg[12:]
    labels, end = [], 0
    while question[end] != 0:
        labels.append(question[end + 1:end + 1 + question[end]].decode("ascii", "replace"))
        end += question[end] + 1
    qtype = struct.unpack(">H", question[end + 1:end + 3])[0]
    ours = ".".join(labels).lower() == name
    record = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + answer if ours and qtype == 1 else b""
    flags = b"\x81\x80" if ours else b"\x81\x83"
    header = msg[:2] + flags + struct.pack(">HHHH", 1, 1 if record else 0, 0, 0)
    s.sendto(header + question[:end + 5] + record, client)
