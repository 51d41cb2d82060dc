/* udp_echo PORT: answers every datagram with the same bytes; busybox has no UDP server. */
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
  if (fd < 0 || bind(fd, (struct sockaddr*)&addr, sizeof addr) != 0) return 1;
  for (;;) {
    char buf[2048];
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr*)&peer, &len);
    if (n > 0) sendto(fd, buf, (size_t)n, 0, (struct sockaddr*)&peer, len);
  }
}
