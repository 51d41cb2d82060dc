#include "runtime/container_etc_files.hpp"

#include <unistd.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "network/resolv_conf.hpp"
#include "runtime/name_resolution_options.hpp"

namespace berth::runtime {

void write_container_etc_files(const std::filesystem::path& dir, const ContainerRecord& c,
                               const ContainerRequest& r,
                               const network::ContainerNetworking* networking,
                               const std::string& host_gateway) {
  std::string hostname = r.hostname;
  if (hostname.empty()) {
    if (r.network_mode == "host") {
      char buf[256] = {};
      ::gethostname(buf, sizeof buf - 1);
      hostname = buf;
    } else {
      hostname = c.id.substr(0, 12);
    }
  }
  write_file_replace(dir / "hostname", hostname + "\n");
  std::string hosts;
  // Docker copies the host's file for the host network only when there are no extra hosts.
  if (r.network_mode == "host" && r.extra_hosts.empty()) {
    try {
      hosts = read_file("/etc/hosts");
    } catch (const Error&) {
      // A host without /etc/hosts: the container gets an empty one, as the host has none.
    }
  } else {
    hosts =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
        "ff02::2\tip6-allrouters\n";
    for (const auto& entry : r.extra_hosts) {
      auto host = split_extra_host(entry);
      if (host.ip == kHostGateway) {
        if (host_gateway.empty())
          throw Error("unable to derive the IP value for host-gateway", 125);
        host.ip = host_gateway;
      }
      hosts += host.ip + "\t" + host.name + "\n";
    }
    // Docker adds the container's own address under its hostname.
    if (networking && !networking->attachments.empty()) {
      hosts += networking->attachments.front().ip + "\t" + hostname + "\n";
    }
  }
  write_file_replace(dir / "hosts", hosts);
  std::string host_resolv;
  try {
    host_resolv = read_file("/etc/resolv.conf");
  } catch (const Error&) {
    // No resolv.conf on the host: container_resolv_conf falls back to Docker's defaults.
  }
  std::string resolv = network::container_resolv_conf(networking, host_resolv);
  if (!r.dns.empty() || !r.dns_search.empty() || !r.dns_options.empty()) {
    resolv = network::override_resolv_conf(resolv, {r.dns, r.dns_search, r.dns_options});
  }
  write_file_replace(dir / "resolv.conf", resolv);
}

}  // namespace berth::runtime
