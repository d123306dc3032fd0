#!/usr/bin/python3
"""A Docker (v1) plugin for Berth's tests: JSON over HTTP on a unix socket, stdlib only.

usage: testplugin.py SOCKET MODE [ROOT [PREFIX]]
  volume   VolumeDriver keeping each volume as a directory ROOT/NAME (mount counts by ID in ROOT/.mounts)
  authz    authz plugin denying containers created with HostConfig.Privileged, and responses whose
           (JSON) body holds deny-response-please
  network  NetworkDriver answering its calls with {} (nothing made; request bodies kept as for netveth)
  netveth  NetworkDriver making real links named PREFIX…: a bridge PREFIX b NETID[:6] holding the gateway
           address per network, and per endpoint a veth pair PREFIX h EID[:6] (on the bridge) / PREFIX c EID[:6]
           (what the engine moves into the container); each Join also answers a connected static route to
           10.234.0.0/16. Network options fail=create|join|endpoint make that call answer Err. Each request's
           body is written to ROOT/METHOD.json (the last one).
  slow     Plugin.Activate sleeps 60 s
  err      VolumeDriver whose every call answers {"Err": "the test plugin refuses"}
  http500  VolumeDriver whose calls answer HTTP 500 with a text body
  garbage  VolumeDriver whose calls answer malformed JSON
Every request is appended to ROOT/requests.log (one line: the method), when ROOT is given.
SOCKET https://127.0.0.1:PORT serves HTTPS there instead, with the PEM files named by the environment:
TP_TLS_CERT, TP_TLS_KEY, and TP_TLS_CLIENT_CA (when set, a client certificate it signed is required);
the file TP_READY is made once it listens.
"""
import base64
import json
import os
import socketserver
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler

SOCKET, MODE = sys.argv[1], sys.argv[2]
ROOT = sys.argv[3] if len(sys.argv) > 3 else None
IMPLEMENTS = {"volume": ["VolumeDriver"], "authz": ["authz"], "network": ["NetworkDriver"], "slow": ["VolumeDriver", "NetworkDriver"],
              "err": ["VolumeDriver", "NetworkDriver"], "http500": ["VolumeDriver"],
              "garbage": ["VolumeDriver", "NetworkDriver"], "netveth": ["NetworkDriver"]}[MODE]
PREFIX = sys.argv[4] if len(sys.argv) > 4 else "tp"
NETWORKS = {}
MOUNTS = {}


def volume(method, req):
    name = req.get("Name", "")
    path = os.path.join(ROOT, name) if name else ""
    if method == "VolumeDriver.Create":
        if (req.get("Opts") or {}).get("fail") == "yes":
            return {"Err": "create refused by the test plugin"}
        os.makedirs(path, exist_ok=True)
        return {"Err": ""}
    if method == "VolumeDriver.Remove":
        if MOUNTS.get(name):
            return {"Err": "volume %s is mounted" % name}
        if os.path.isdir(path):
            for f in os.listdir(path):
                os.remove(os.path.join(path, f))
            os.rmdir(path)
        return {"Err": ""}
    if method in ("VolumeDriver.Mount", "VolumeDriver.Path", "VolumeDriver.Unmount", "VolumeDriver.Get"):
        if not os.path.isdir(path):
            return {"Err": "no such volume %s" % name}
        if method == "VolumeDriver.Mount":
            MOUNTS.setdefault(name, set()).add(req.get("ID"))
        if method == "VolumeDriver.Unmount":
            MOUNTS.get(name, set()).discard(req.get("ID"))
            return {"Err": ""}
        if method == "VolumeDriver.Get":
            return {"Volume": {"Name": name, "Mountpoint": path}, "Err": ""}
        return {"Mountpoint": path, "Err": ""}
    if method == "VolumeDriver.List":
        return {"Volumes": [{"Name": n, "Mountpoint": os.path.join(ROOT, n)} for n in os.listdir(ROOT)
                            if os.path.isdir(os.path.join(ROOT, n))], "Err": ""}
    if method == "VolumeDriver.Capabilities":
        return {"Capabilities": {"Scope": "local"}}
    return None


def authz(method, req):
    if method == "AuthZPlugin.AuthZReq":
        body = req.get("RequestBody")
        if body and req.get("RequestURI", "").split("?")[0].endswith("/containers/create"):
            spec = json.loads(base64.b64decode(body))
            if (spec.get("HostConfig") or {}).get("Privileged"):
                return {"Allow": False, "Msg": "privileged containers are not allowed here"}
        return {"Allow": True}
    if method == "AuthZPlugin.AuthZRes":
        body = req.get("ResponseBody")
        if body and b"deny-response-please" in base64.b64decode(body):
            return {"Allow": False, "Msg": "the response holds a secret"}
        return {"Allow": True}
    return None


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True, capture_output=True)


def quiet_ip(*args):
    subprocess.run(["ip"] + list(args), capture_output=True)


def network(method, req):
    nid = req.get("NetworkID", "")
    eid = req.get("EndpointID", "")
    if method == "NetworkDriver.GetCapabilities":
        return {"Scope": "local", "ConnectivityScope": "local"}
    if MODE == "network":
        return {}
    net = NETWORKS.get(nid, {})
    fail = net.get("fail", "")
    bridge = PREFIX + "b" + nid[:6]
    if method == "NetworkDriver.CreateNetwork":
        generic = (req.get("Options") or {}).get("com.docker.network.generic") or {}
        if generic.get("fail") == "create":
            return {"Err": "the test plugin refuses to create networks"}
        gateway = req["IPv4Data"][0]["Gateway"]
        NETWORKS[nid] = {"gateway": gateway.split("/")[0], "fail": generic.get("fail", "")}
        quiet_ip("link", "del", bridge)
        ip("link", "add", bridge, "type", "bridge")
        ip("addr", "add", gateway, "dev", bridge)
        ip("link", "set", bridge, "up")
        return {}
    if method == "NetworkDriver.DeleteNetwork":
        NETWORKS.pop(nid, None)
        quiet_ip("link", "del", bridge)
        return {}
    if method == "NetworkDriver.CreateEndpoint":
        if fail == "endpoint":
            return {"Err": "the test plugin refuses endpoints"}
        return {"Interface": {}}
    if method == "NetworkDriver.Join":
        if fail == "join":
            return {"Err": "the test plugin refuses to join"}
        host, peer = PREFIX + "h" + eid[:6], PREFIX + "c" + eid[:6]
        quiet_ip("link", "del", host)
        ip("link", "add", host, "type", "veth", "peer", "name", peer)
        ip("link", "set", host, "master", PREFIX + "b" + nid[:6])
        ip("link", "set", host, "up")
        return {"InterfaceName": {"SrcName": peer, "DstPrefix": "eth"}, "Gateway": net.get("gateway", ""),
                "StaticRoutes": [{"Destination": "10.234.0.0/16", "RouteType": 1}]}
    if method == "NetworkDriver.Leave":
        quiet_ip("link", "del", PREFIX + "h" + eid[:6])
        return {}
    if method in ("NetworkDriver.DeleteEndpoint", "NetworkDriver.EndpointOperInfo",
                  "NetworkDriver.ProgramExternalConnectivity", "NetworkDriver.RevokeExternalConnectivity"):
        return {"Value": {}} if method.endswith("OperInfo") else {}
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body, ctype="application/vnd.docker.plugins.v1.2+json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        method = self.path.lstrip("/")
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        req = json.loads(raw) if raw else {}
        if ROOT:
            with open(os.path.join(ROOT, "requests.log"), "a") as log:
                log.write(method + "\n")
            if MODE in ("network", "netveth"):
                with open(os.path.join(ROOT, method + ".json"), "w") as last:
                    last.write(raw.decode() if raw else "{}")
        if method == "Plugin.Activate":
            if MODE == "slow":
                time.sleep(60)
            return self.answer(200, {"Implements": IMPLEMENTS})
        if MODE == "err":
            return self.answer(200, {"Err": "the test plugin refuses"})
        if MODE == "http500":
            return self.answer(500, b"internal trouble in the test plugin", "text/plain")
        if MODE == "garbage":
            return self.answer(200, b"{this is not json", "application/json")
        if MODE in ("network", "netveth"):
            result = network(method, req)
        else:
            result = volume(method, req) if MODE == "volume" else authz(method, req) if MODE == "authz" else None
        if result is None:
            return self.answer(404, b"404 page not found", "text/plain")
        return self.answer(200, result)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        request, _ = super().get_request()
        return request, ("plugin", 0)


class TlsServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


if SOCKET.startswith("https://"):
    import ssl
    host, port = SOCKET[len("https://"):].rsplit(":", 1)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.environ["TP_TLS_CERT"], os.environ["TP_TLS_KEY"])
    if os.environ.get("TP_TLS_CLIENT_CA"):
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(os.environ["TP_TLS_CLIENT_CA"])
    server = TlsServer((host, int(port)), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    open(os.environ["TP_READY"], "w").close()
    server.serve_forever()
if os.path.exists(SOCKET):
    os.remove(SOCKET)
Server(SOCKET, Handler).serve_forever()
