#include "network/linux/dns.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <thread>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "network/ipv4.hpp"
#include "network/linux/command.hpp"
#include "store/file_lock.hpp"

namespace berth::network {
namespace {

constexpr const char* kPidFile = "aardvark.pid";

bool valid_token(std::string_view s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r';
  });
}

std::string join_checked(const std::vector<std::string>& items, std::string_view what) {
  std::string out;
  for (const auto& item : items) {
    if (!valid_token(item))
      throw InvalidArgumentError(fmt::format("invalid {} \"{}\"", what, item));
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// aardvark-dns is ours when the pid file's process is alive, is aardvark-dns, and serves this
// directory (a recycled pid might be anything, even Podman's aardvark-dns).
bool is_our_aardvark(int pid, const fs::path& dir) {
  std::string proc = "/proc/" + std::to_string(pid);
  std::string stat, cmdline;
  try {
    stat = read_file(proc + "/stat");
    cmdline = read_file(proc + "/cmdline");
  } catch (const Error&) {
    return false;  // the process is gone
  }
  size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  char state = stat[close + 2];
  if (state == 'Z' || state == 'X') return false;  // exited, not reaped by its parent yet
  if (stat.find("(aardvark-dns)") == std::string::npos) return false;
  std::vector<std::string> args = split(cmdline, '\0');
  auto config = std::find(args.begin(), args.end(), "--config");
  return config != args.end() && config + 1 != args.end() && fs::path(config[1]) == dir;
}

void remove_file(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw_errno("remove " + path.string());
}

void wait_gone(int pid, const fs::path& dir) {
  using namespace std::chrono;
  auto deadline = steady_clock::now() + seconds(2);
  while (is_our_aardvark(pid, dir)) {
    if (steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      return;
    }
    std::this_thread::sleep_for(milliseconds(2));
  }
}

}  // namespace

std::string render_dns_config(const DnsNetworkConfig& config) {
  if (config.listen.empty()) throw InvalidArgumentError("DNS config without a listen address");
  std::string out = join_checked(config.listen, "DNS listen address") + "\n";
  for (const auto& r : config.records) {
    if (!valid_token(r.container_id)) {
      throw InvalidArgumentError("invalid container ID \"" + r.container_id + "\" for DNS");
    }
    if (r.names.empty() || (r.ipv4.empty() && r.ipv6.empty())) {
      throw InvalidArgumentError("DNS record of " + r.container_id + " needs names and addresses");
    }
    out += fmt::format("{} {} {} {}\n", r.container_id, join_checked(r.ipv4, "IPv4 address"),
                       join_checked(r.ipv6, "IPv6 address"), join_checked(r.names, "DNS name"));
  }
  return out;
}

DnsNetworkConfig parse_dns_config(std::string_view text, std::string_view what) {
  DnsNetworkConfig config;
  bool first = true;
  for (const auto& line : split(text, '\n')) {
    if (line.empty()) continue;
    if (first) {
      config.listen = split(line.substr(0, line.find(' ')), ',');
      first = false;
      continue;
    }
    std::vector<std::string> fields = split(line, ' ');
    if (fields.size() < 4) {
      throw Error(fmt::format("parse {}: malformed line \"{}\"", what, line));
    }
    config.records.push_back(
        {fields[0], split(fields[1], ','), split(fields[2], ','), split(fields[3], ',')});
  }
  if (config.listen.empty()) throw Error(fmt::format("parse {}: no listen address", what));
  return config;
}

AardvarkDns::AardvarkDns(std::filesystem::path run_dir, std::filesystem::path binary)
    : dir_(run_dir / "aardvark-dns"),
      lock_(run_dir / "aardvark-dns.lock"),
      binary_(std::move(binary)) {}

fs::path AardvarkDns::network_file(const NetworkRecord& network) const {
  const std::string& name = network.name;
  bool ok = !name.empty() && name != kPidFile && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  }
  if (!ok) throw InvalidArgumentError("invalid network name \"" + name + "\" for DNS");
  return dir_ / name;
}

void AardvarkDns::add_record(const NetworkRecord& network, const DnsRecord& record) {
  fs::path file = network_file(network);
  with_context("network " + network.name, [&] { Ipv4Address::parse(network.gateway); });
  ensure_directory(lock_.parent_path());
  store::FileLock lock(lock_, store::FileLock::Mode::kExclusive);
  ensure_directory(dir_);
  DnsNetworkConfig config;
  if (fs::exists(file)) config = parse_dns_config(read_file(file), file.string());
  config.listen = {network.gateway};
  std::erase_if(config.records,
                [&](const DnsRecord& r) { return r.container_id == record.container_id; });
  config.records.push_back(record);
  // Not fsynced: /run is tmpfs, and the file is rebuilt from berth.db after a reboot anyway.
  write_file_replace(file, render_dns_config(config));
  reload_locked();
}

void AardvarkDns::remove_record(const NetworkRecord& network, const std::string& container_id) {
  fs::path file = network_file(network);
  if (!fs::exists(file)) return;
  store::FileLock lock(lock_, store::FileLock::Mode::kExclusive);
  if (!fs::exists(file)) return;
  DnsNetworkConfig config = parse_dns_config(read_file(file), file.string());
  size_t removed = std::erase_if(
      config.records, [&](const DnsRecord& r) { return r.container_id == container_id; });
  if (removed == 0) return;
  if (config.records.empty()) {
    remove_file(file);
  } else {
    write_file_replace(file, render_dns_config(config));
  }
  reload_locked();
}

void AardvarkDns::remove_network(const NetworkRecord& network) {
  fs::path file = network_file(network);
  if (!fs::exists(file)) return;
  store::FileLock lock(lock_, store::FileLock::Mode::kExclusive);
  remove_file(file);
  reload_locked();
}

void AardvarkDns::reload() {
  if (!fs::exists(dir_)) return;
  store::FileLock lock(lock_, store::FileLock::Mode::kExclusive);
  reload_locked();
}

void AardvarkDns::remove_all() {
  if (!fs::exists(dir_) && !fs::exists(lock_)) return;
  {
    store::FileLock lock(lock_, store::FileLock::Mode::kExclusive);
    if (fs::exists(dir_)) {
      stop_locked();
      std::error_code ec;
      fs::remove_all(dir_, ec);
      if (ec) throw Error("remove " + dir_.string() + ": " + ec.message());
    }
  }
  remove_file(lock_);
}

std::optional<int> AardvarkDns::running_pid() const {
  fs::path pid_file = dir_ / kPidFile;
  if (!fs::exists(pid_file)) return std::nullopt;
  std::string text = read_file(pid_file);
  int pid = 0;
  try {
    pid = std::stoi(text);
  } catch (const std::logic_error&) {  // invalid_argument, out_of_range: a torn or foreign file
    return std::nullopt;
  }
  if (pid <= 0 || !is_our_aardvark(pid, dir_)) return std::nullopt;
  return pid;
}

void AardvarkDns::stop_locked() {
  if (auto pid = running_pid()) {
    if (::kill(*pid, SIGTERM) != 0 && errno != ESRCH) throw_errno("stop aardvark-dns");
    wait_gone(*pid, dir_);
  }
  remove_file(dir_ / kPidFile);  // SIGTERM leaves it behind
}

void AardvarkDns::reload_locked() {
  bool any_network = false;
  if (fs::exists(dir_)) {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().filename() != kPidFile) any_network = true;
    }
  }
  if (!any_network) {
    stop_locked();
    return;
  }
  if (auto pid = running_pid()) {
    if (::kill(*pid, SIGHUP) == 0) return;
    if (errno != ESRCH) throw_errno("reload aardvark-dns");
  }
  if (::access(binary_.c_str(), X_OK) != 0) {
    throw_errno("start aardvark-dns " + binary_.string() + " (install aardvark-dns)");
  }
  // `run` forks the server and returns once it serves: no wait loop on our side. Its own
  // session, so a Ctrl-C meant for this berth command does not reach it.
  ProcessOptions options;
  options.new_session = true;
  ProcessResult result =
      run_process({binary_.string(), "--config", dir_.string(), "-p", "53",
                   "--filter-search-domain", std::string(".") + kDnsSearchDomain, "run"},
                  options);
  if (result.exit_code != 0) {
    std::string output = result.output;
    while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back()))) {
      output.pop_back();
    }
    throw Error(fmt::format("start aardvark-dns: {} (exit status {})", output, result.exit_code));
  }
}

}  // namespace berth::network
