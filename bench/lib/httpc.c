#define _GNU_SOURCE
/* bench/lib/httpc.c: a minimal HTTP/1.1 client for bench/compare's requests/s rows (bench/README,
   "Requests/s over one connection"). httpc SOCK PATH N: one connection to the unix socket SOCK, N
   sequential GET requests of PATH (each with its own ?bench=i, as curl's globbing sends them), every
   response read to its end (Content-Length or chunked). Prints "SECONDS CONNECTIONS" on stdout; exits
   1 naming the first status other than 200, or a broken response.
   curl spends ~65-75 us of CPU per request on this VM (a socketpair, an open of the output file and a
   dozen signal calls per URL of a glob): 2/3 of a _ping round trip. This client spends a few.
   gcc -O2 -o /tmp/httpc bench/lib/httpc.c && /tmp/httpc /run/berth/berth.sock /_ping 3000 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];
static size_t have, off; /* buf[off..have) is read and not yet consumed */

static void die(const char *what) { fprintf(stderr, "httpc: %s\n", what); exit(1); }

static void fill(int s) {
  if (off > 0) { memmove(buf, buf + off, have - off); have -= off; off = 0; }
  if (have == sizeof buf) die("response header too large");
  ssize_t n = read(s, buf + have, sizeof buf - have);
  if (n < 0) { perror("httpc: read"); exit(1); }
  if (n == 0) die("connection closed by the server");
  have += n;
}

/* the next CRLF-terminated line, without its CRLF; valid until the next fill */
static char *line(int s, size_t *len) {
  char *e;
  while (!(e = memmem(buf + off, have - off, "\r\n", 2))) fill(s);
  char *l = buf + off; *len = e - l; off = e - buf + 2; *e = 0; return l;
}

static void skip(int s, size_t n) {
  while (n > 0) {
    if (off == have) fill(s);
    size_t k = have - off < n ? have - off : n;
    off += k; n -= k;
  }
}

static int response(int s) {
  size_t len; char *l = line(s, &len);
  if (len < 12 || strncmp(l, "HTTP/1.", 7)) die("not an HTTP response");
  int status = atoi(l + 9);
  long length = -1; int chunked = 0;
  while ((l = line(s, &len)) && len > 0) {
    if (!strncasecmp(l, "content-length:", 15)) length = atol(l + 15);
    else if (!strncasecmp(l, "transfer-encoding:", 18) && strcasestr(l + 18, "chunked")) chunked = 1;
  }
  if (chunked) {
    for (;;) {
      long n = strtol(line(s, &len), 0, 16);
      if (n == 0) { while (line(s, &len), len > 0) {} break; } /* trailers, then the empty line */
      skip(s, n); line(s, &len);
    }
  } else if (length >= 0) skip(s, length);
  else die("a response without a length (the server would close the connection)");
  return status;
}

int main(int argc, char **argv) {
  if (argc != 4) die("usage: httpc SOCK PATH N");
  const char *sep = strchr(argv[2], '?') ? "&" : "?";
  long n = atol(argv[3]);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1);
  if (connect(s, (void *)&a, sizeof a)) { perror("httpc: connect"); return 1; }
  char req[4096];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 1; i <= n; i++) {
    int k = snprintf(req, sizeof req, "GET %s%sbench=%ld HTTP/1.1\r\nHost: docker\r\nUser-Agent: httpc\r\nAccept: */*\r\n\r\n",
                     argv[2], sep, i);
    if (k <= 0 || k >= (int) sizeof req) die("path too long");
    if (write(s, req, k) != k) { perror("httpc: write"); return 1; }
    int status = response(s);
    if (status != 200) { fprintf(stderr, "httpc: %s -> %d\n", argv[2], status); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.6f 1\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
