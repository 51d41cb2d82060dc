#include "network/linux/netns.hpp"

#include <fcntl.h>
#include <linux/if.h>  // not <net/if.h>, which clashes with it in a unity batch with netlink.cpp
#include <linux/magic.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <thread>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "network/linux/sysctl.hpp"

namespace berth::network {
namespace {

// Runs fn on a fresh thread and rethrows what it threw.
void run_on_thread(const std::function<void()>& fn) {
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      fn();
    } catch (...) {
      failure = std::current_exception();  // handed back to the caller, not swallowed
    }
  });
  worker.join();
  if (failure) std::rethrow_exception(failure);
}

bool is_nsfs_mount(const std::filesystem::path& path) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && st.f_type == NSFS_MAGIC;
}

// Brings `lo` up in the calling thread's network namespace. An ioctl rather than netlink:
// one call, and this file stays free of libnl.
void loopback_up() {
  UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock.valid()) throw_errno("socket for lo");
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(sock.get(), SIOCGIFFLAGS, &req) != 0) throw_errno("get flags of lo");
  req.ifr_flags |= IFF_UP;
  if (::ioctl(sock.get(), SIOCSIFFLAGS, &req) != 0) throw_errno("bring lo up");
}

}  // namespace

void create_netns(const std::filesystem::path& path) {
  if (is_nsfs_mount(path)) return;
  ensure_directory(path.parent_path());
  {
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0444));
    if (!file.valid()) throw_errno("create network namespace file " + path.string());
  }
  try {
    run_on_thread([&] {
      if (::unshare(CLONE_NEWNET) != 0) throw_errno("create network namespace");
      loopback_up();
      // Berth's networks are IPv4 only: the interfaces added later (the veths' container
      // ends) get no IPv6, not even a link-local address to reach the host's [::] services
      // by. lo keeps ::1, as in Docker: it leads nowhere but the container.
      disable_ipv6("default");
      // The bind mount is what keeps the namespace once this thread is gone.
      if (::mount("/proc/thread-self/ns/net", path.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        throw_errno("bind-mount network namespace on " + path.string());
      }
    });
  } catch (...) {
    ::unlink(path.c_str());  // no namespace behind it; the error goes on up
    throw;
  }
}

void remove_netns(const std::filesystem::path& path) {
  // EINVAL: not a mount point (a file left by an interrupted create); ENOENT: already gone.
  if (::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT) {
    throw_errno("unmount network namespace " + path.string());
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    throw_errno("remove network namespace " + path.string());
  }
}

void run_in_netns(const std::filesystem::path& path, const std::function<void()>& fn) {
  UniqueFd ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns.valid()) {
    int err = errno;
    if (err == ENOENT) throw NotFoundError("network namespace " + path.string() + " not found");
    throw_errno("open network namespace " + path.string(), err);
  }
  struct statfs st {};
  if (::fstatfs(ns.get(), &st) != 0 || st.f_type != NSFS_MAGIC) {
    throw Error("open network namespace " + path.string() + ": not a network namespace");
  }
  run_on_thread([&] {
    if (::setns(ns.get(), CLONE_NEWNET) != 0)
      throw_errno("enter network namespace " + path.string());
    fn();
  });
}

}  // namespace berth::network
