#define _GNU_SOURCE
/* bench/lib/pingd.c: the client ceiling for bench/compare's requests/s rows (bench/README, "Requests/s over one
   connection"). pingd SOCK [epoll]: answers every HTTP request on a unix socket with berthd's _ping bytes,
   blocking read/write per connection, or one edge-triggered epoll loop (as Netty's).
   gcc -O2 -o /tmp/pingd bench/lib/pingd.c && /tmp/pingd /tmp/pingd.sock epoll &
   curl -s --unix-socket /tmp/pingd.sock "http://d/_ping?b=[1-3000]" >/dev/null */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/epoll.h>
static const char R[] = "HTTP/1.1 200 OK\r\nApi-Version: 1.50\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
  "server: Berth/0.1.0 (linux)\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 2\r\n"
  "Builder-Version: 1\r\nSwarm: inactive\r\nCache-Control: no-cache, no-store, must-revalidate\r\nPragma: no-cache\r\n\r\nOK";
static char buf[65536];
/* answers each complete request in buf[0..*len); keeps a partial one */
static int serve(int c, size_t *len) {
  size_t off = 0; char *e;
  while ((e = memmem(buf + off, *len - off, "\r\n\r\n", 4))) {
    if (write(c, R, sizeof R - 1) != sizeof R - 1) return -1;
    off = e + 4 - buf;
  }
  memmove(buf, buf + off, *len - off); *len -= off; return 0;
}
int main(int argc, char **argv) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0); struct sockaddr_un a = {.sun_family = AF_UNIX};
  strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1); unlink(argv[1]);
  if (bind(s, (void *)&a, sizeof a) || listen(s, 64)) { perror("bind"); return 1; }
  int ep = argc > 2;
  for (;;) {
    int c = accept(s, 0, 0); if (c < 0) continue;
    size_t len = 0;
    if (!ep) {
      for (;;) { ssize_t n = read(c, buf + len, sizeof buf - len); if (n <= 0) break; len += n; if (serve(c, &len)) break; }
    } else {
      int e = epoll_create1(0); struct epoll_event ev = {.events = EPOLLIN | EPOLLET | EPOLLRDHUP, .data.fd = c}, out;
      epoll_ctl(e, EPOLL_CTL_ADD, c, &ev); int done = 0;
      while (!done && epoll_wait(e, &out, 1, -1) == 1) {
        for (;;) { ssize_t n = recv(c, buf + len, sizeof buf - len, MSG_DONTWAIT); if (n == 0) { done = 1; break; } if (n < 0) break; len += n; if (serve(c, &len)) { done = 1; break; } }
      }
      close(e);
    }
    close(c);
  }
}
