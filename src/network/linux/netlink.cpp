#include "network/linux/netlink.hpp"

#include <fcntl.h>
#include <linux/if.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "network/ipv4.hpp"
#include "network/linux/netns.hpp"
#include "network/linux/sysctl.hpp"

namespace berth::network {
namespace {

// For errors libnl raised itself; the kernel's own errno is kept by RouteSocket. Messages
// then read like `ip`'s ("File exists"), not libnl's ("Object exists").
int errno_of(int nl_error) {
  static constexpr std::pair<int, int> kErrnos[] = {
      {NLE_EXIST, EEXIST},         {NLE_OBJ_NOTFOUND, ENOENT},  {NLE_NODEV, ENODEV},
      {NLE_PERM, EPERM},           {NLE_NOACCESS, EACCES},      {NLE_BUSY, EBUSY},
      {NLE_INVAL, EINVAL},         {NLE_NOMEM, ENOMEM},         {NLE_RANGE, ERANGE},
      {NLE_NOADDR, EADDRNOTAVAIL}, {NLE_OPNOTSUPP, EOPNOTSUPP}, {NLE_AGAIN, EAGAIN}};
  int code = nl_error < 0 ? -nl_error : nl_error;
  for (auto [nle, err] : kErrnos) {
    if (nle == code) return err;
  }
  return 0;
}

// `kernel_errno`: the errno the kernel answered, when known (see RouteSocket).
[[noreturn]] void throw_nl(const std::string& what, int nl_error, int kernel_errno = 0) {
  int err = kernel_errno != 0 ? kernel_errno : errno_of(nl_error);
  std::string reason = err != 0 ? std::strerror(err) : nl_geterror(nl_error);
  if (err == ENOENT || err == ENODEV) throw NotFoundError(what + ": " + reason);
  throw Error(what + ": " + reason);
}

bool is_missing(int nl_error) {
  return nl_error == -NLE_NODEV || nl_error == -NLE_OBJ_NOTFOUND;
}

struct LinkPut {
  void operator()(rtnl_link* l) const { rtnl_link_put(l); }
};
struct AddrPut {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
struct RtnlAddrPut {
  void operator()(rtnl_addr* a) const { rtnl_addr_put(a); }
};
struct RoutePut {
  void operator()(rtnl_route* r) const { rtnl_route_put(r); }
};
struct CachePut {
  void operator()(nl_cache* c) const { nl_cache_free(c); }
};
using Link = std::unique_ptr<rtnl_link, LinkPut>;
using Addr = std::unique_ptr<nl_addr, AddrPut>;

// A NETLINK_ROUTE socket in the calling thread's network namespace (a netlink socket stays in
// the namespace it was made in).
class RouteSocket {
 public:
  RouteSocket() : sock_(nl_socket_alloc()) {
    if (!sock_) throw Error("allocate netlink socket: out of memory");
    // libnl folds errnos it has no code for into "Unspecific failure" (ENOTCONN, ENETUNREACH,
    // ...): keep the kernel's own for the message.
    nl_socket_modify_err_cb(sock_, NL_CB_CUSTOM, &RouteSocket::on_error, &kernel_errno_);
    if (int err = nl_connect(sock_, NETLINK_ROUTE); err < 0) {
      nl_socket_free(sock_);
      throw_nl("connect netlink socket", err);
    }
  }
  RouteSocket(const RouteSocket&) = delete;
  RouteSocket& operator=(const RouteSocket&) = delete;
  ~RouteSocket() { nl_socket_free(sock_); }
  nl_sock* get() const { return sock_; }

  // Throws for `nl_error`, the result of a request on this socket.
  [[noreturn]] void fail(const std::string& what, int nl_error) const {
    int kernel = kernel_errno_;
    kernel_errno_ = 0;
    if (kernel != 0 && nl_syserr2nlerr(kernel) != (nl_error < 0 ? -nl_error : nl_error)) {
      kernel = 0;  // a stale answer to an earlier request: this error is libnl's own
    }
    throw_nl(what, nl_error, kernel);
  }

 private:
  static int on_error(sockaddr_nl*, nlmsgerr* err, void* arg) {
    *static_cast<int*>(arg) = -err->error;
    return NL_STOP;  // and libnl returns its usual code
  }

  nl_sock* sock_;
  mutable int kernel_errno_ = 0;
};

Link alloc_link() {
  Link link(rtnl_link_alloc());
  if (!link) throw Error("allocate netlink link: out of memory");
  return link;
}

// The link named `name`, or null when there is none.
Link find_link(const RouteSocket& sock, const std::string& name) {
  rtnl_link* raw = nullptr;
  int err = rtnl_link_get_kernel(sock.get(), 0, name.c_str(), &raw);
  if (is_missing(err)) return nullptr;
  if (err < 0) sock.fail("look up link " + name, err);
  return Link(raw);
}

Addr parse_addr(const std::string& text, int family, const std::string& what) {
  nl_addr* raw = nullptr;
  if (int err = nl_addr_parse(text.c_str(), family, &raw); err < 0) {
    throw InvalidArgumentError("invalid " + what + " \"" + text + "\": " + nl_geterror(err));
  }
  return Addr(raw);
}

// Adds (or keeps) `cidr` on interface `ifindex`. NLM_F_REPLACE: the address being there
// already is the idempotent case, not an error.
void add_address(const RouteSocket& sock, int ifindex, const std::string& cidr,
                 const std::string& ifname) {
  std::unique_ptr<rtnl_addr, RtnlAddrPut> addr(rtnl_addr_alloc());
  if (!addr) throw Error("allocate netlink address: out of memory");
  Addr local = parse_addr(cidr, AF_INET, "address");
  rtnl_addr_set_ifindex(addr.get(), ifindex);
  if (int err = rtnl_addr_set_local(addr.get(), local.get()); err < 0) {
    throw_nl("set address " + cidr, err);
  }
  if (int err = rtnl_addr_add(sock.get(), addr.get(), NLM_F_REPLACE); err < 0) {
    sock.fail("add address " + cidr + " to " + ifname, err);
  }
}

void add_default_route(const RouteSocket& sock, int ifindex, const std::string& gateway,
                       const std::string& ifname) {
  std::unique_ptr<rtnl_route, RoutePut> route(rtnl_route_alloc());
  if (!route) throw Error("allocate netlink route: out of memory");
  Addr dst = parse_addr("0.0.0.0/0", AF_INET, "route destination");
  Addr via = parse_addr(gateway, AF_INET, "gateway");
  rtnl_route_set_family(route.get(), AF_INET);
  rtnl_route_set_dst(route.get(), dst.get());
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
  rtnl_route_set_scope(route.get(), RT_SCOPE_UNIVERSE);
  rtnl_nexthop* hop = rtnl_route_nh_alloc();
  if (!hop) throw Error("allocate netlink nexthop: out of memory");
  rtnl_route_nh_set_ifindex(hop, ifindex);
  rtnl_route_nh_set_gateway(hop, via.get());
  rtnl_route_add_nexthop(route.get(), hop);  // the route owns it from here
  if (int err = rtnl_route_add(sock.get(), route.get(), NLM_F_REPLACE); err < 0) {
    sock.fail("add default route via " + gateway + " on " + ifname, err);
  }
}

void bring_up(const RouteSocket& sock, rtnl_link* link, const std::string& name) {
  Link change = alloc_link();
  rtnl_link_set_flags(change.get(), IFF_UP);
  if (int err = rtnl_link_change(sock.get(), link, change.get(), 0); err < 0) {
    sock.fail("bring " + name + " up", err);
  }
}

// IPv4 forwarding is host-wide: written only when off, since writing it also resets every
// interface's own forwarding setting.
void ensure_ip_forward() {
  const std::string path = "/proc/sys/net/ipv4/ip_forward";
  if (read_file(path).starts_with("1")) return;
  write_sysctl(path, "1");
}

// A bridge without a MAC of its own takes the lowest MAC of its ports, and changes it as
// containers come and go, leaving stale ARP entries for the gateway in the others. A fixed
// locally administered one, derived from the gateway like containers' (02:42 + IPv4), avoids it.
Addr bridge_mac(const std::string& gateway_cidr) {
  std::string_view address = std::string_view(gateway_cidr).substr(0, gateway_cidr.find('/'));
  Ipv4Address gateway = Ipv4Address::parse(address);
  unsigned char mac[6] = {0x02, 0x42};
  for (int i = 0; i < 4; ++i) mac[2 + i] = gateway.octet(i);
  Addr addr(nl_addr_build(AF_LLC, mac, sizeof mac));
  if (!addr) throw Error("allocate netlink address: out of memory");
  return addr;
}

}  // namespace

void ensure_bridge(const std::string& name, const std::string& gateway_cidr) {
  RouteSocket sock;
  Link link = find_link(sock, name);
  if (!link) {
    Link fresh = alloc_link();
    rtnl_link_set_name(fresh.get(), name.c_str());
    if (int err = rtnl_link_set_type(fresh.get(), "bridge"); err < 0) {
      throw_nl("create bridge " + name, err);
    }
    Addr mac = bridge_mac(gateway_cidr);
    rtnl_link_set_addr(fresh.get(), mac.get());
    rtnl_link_set_flags(fresh.get(), IFF_UP);
    int err = rtnl_link_add(sock.get(), fresh.get(), NLM_F_CREATE | NLM_F_EXCL);
    // EEXIST: another berth made it in between; it is then checked like any existing one.
    if (err < 0 && err != -NLE_EXIST) sock.fail("create bridge " + name, err);
    link = find_link(sock, name);
    if (!link) throw NotFoundError("create bridge " + name + ": vanished right after creation");
  }
  const char* type = rtnl_link_get_type(link.get());
  if (!type || std::strcmp(type, "bridge") != 0) {
    throw ConflictError("create bridge " + name + ": a " + (type ? type : "device") +
                        " of that name exists");
  }
  add_address(sock, rtnl_link_get_ifindex(link.get()), gateway_cidr, name);
  if (!(rtnl_link_get_flags(link.get()) & IFF_UP)) bring_up(sock, link.get(), "bridge " + name);
  // Published ports DNAT 127.0.0.1 to containers: the kernel drops packets with a loopback
  // source on other interfaces unless route_localnet is on for the one they leave by. (The
  // firewall's guard chain drops what a container addresses to 127.0.0.0/8 through it.)
  write_sysctl("/proc/sys/net/ipv4/conf/" + name + "/route_localnet", "1");
  // Networks are IPv4 only and the firewall filters IPv4 only: without an IPv6 address of its
  // own (link-local included) the bridge takes no IPv6 from containers, so a network without
  // host access cannot reach host services listening on [::].
  disable_ipv6(name);
  ensure_ip_forward();
}

bool link_exists(const std::string& name) {
  RouteSocket sock;
  return find_link(sock, name) != nullptr;
}

void delete_link(const std::string& name) {
  RouteSocket sock;
  Link link = alloc_link();
  rtnl_link_set_name(link.get(), name.c_str());
  int err = rtnl_link_delete(sock.get(), link.get());
  if (err < 0 && !is_missing(err)) sock.fail("delete link " + name, err);
}

std::vector<LinkInfo> list_links() {
  RouteSocket sock;
  nl_cache* raw = nullptr;
  if (int err = rtnl_link_alloc_cache(sock.get(), AF_UNSPEC, &raw); err < 0) {
    sock.fail("list links", err);
  }
  std::unique_ptr<nl_cache, CachePut> cache(raw);
  std::vector<LinkInfo> links;
  for (nl_object* obj = nl_cache_get_first(raw); obj; obj = nl_cache_get_next(obj)) {
    auto* link = reinterpret_cast<rtnl_link*>(obj);
    const char* type = rtnl_link_get_type(link);
    links.push_back({rtnl_link_get_name(link), type ? type : ""});
  }
  return links;
}

void add_container_interface(const std::filesystem::path& netns, const ContainerInterface& c) {
  if (c.host_name.empty() || c.host_name.size() >= IFNAMSIZ || c.name.empty() ||
      c.name.size() >= IFNAMSIZ) {
    throw InvalidArgumentError("invalid interface names \"" + c.host_name + "\", \"" + c.name +
                               "\" (1 to 15 characters)");
  }
  UniqueFd ns(::open(netns.c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns.valid()) {
    int err = errno;
    if (err == ENOENT) throw NotFoundError("network namespace " + netns.string() + " not found");
    throw_errno("open network namespace " + netns.string(), err);
  }
  RouteSocket sock;
  Link bridge = find_link(sock, c.bridge);
  if (!bridge) throw NotFoundError("bridge " + c.bridge + " not found");
  Addr mac = parse_addr(c.mac, AF_LLC, "MAC address");

  // One RTM_NEWLINK makes both ends: the peer is born in the namespace with its final name and
  // MAC, so there is no rename and no move; the host end is enslaved and up at creation.
  Link veth(rtnl_link_veth_alloc());
  if (!veth) throw Error("allocate netlink veth: out of memory");
  rtnl_link_set_name(veth.get(), c.host_name.c_str());
  rtnl_link_set_master(veth.get(), rtnl_link_get_ifindex(bridge.get()));
  rtnl_link_set_flags(veth.get(), IFF_UP);
  {
    Link peer(rtnl_link_veth_get_peer(veth.get()));  // our own reference (libnl 3.7)
    rtnl_link_set_name(peer.get(), c.name.c_str());
    rtnl_link_set_addr(peer.get(), mac.get());
    rtnl_link_set_ns_fd(peer.get(), ns.get());
    // Not IFF_UP here: the kernel opens the peer before pairing it, and veth_open refuses an
    // unpaired device (ENOTCONN). It goes up inside, below.
  }
  const std::string what =
      "create veth " + c.host_name + " for " + c.name + " in " + netns.string();
  int err = rtnl_link_add(sock.get(), veth.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (err == -NLE_EXIST) {
    // The pair of an interrupted attach of this same container and interface: deleting the
    // host end deletes its peer too, wherever that is.
    delete_link(c.host_name);
    err = rtnl_link_add(sock.get(), veth.get(), NLM_F_CREATE | NLM_F_EXCL);
  }
  if (err < 0) sock.fail(what, err);

  try {
    run_in_netns(netns, [&] {
      RouteSocket inner;
      Link link = find_link(inner, c.name);
      if (!link)
        throw NotFoundError(c.name + " not found in " + netns.string() + " after creation");
      int ifindex = rtnl_link_get_ifindex(link.get());
      add_address(inner, ifindex, c.address, c.name);
      // Already off by the namespace's default (create_netns); set for the interface too, so
      // a namespace made otherwise (or before) gets no IPv6 link-local on it either.
      disable_ipv6(c.name);
      bring_up(inner, link.get(), c.name);
      if (!c.gateway.empty()) add_default_route(inner, ifindex, c.gateway, c.name);
    });
  } catch (...) {
    delete_link(c.host_name);  // undo the half-made interface; the error goes on up
    throw;
  }
}

}  // namespace berth::network
