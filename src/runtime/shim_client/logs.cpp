// Reading the json-file log for `berth logs` and foreground runs.
#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <fstream>

#include "base/directory_change_wait.hpp"
#include "base/fs.hpp"
#include "runtime/shim_client/json_log.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::runtime {
namespace {

struct Printer {
  const LogOptions& options;
  int out_fd, err_fd;

  bool keep(const LogRecord& r) const {
    if (!options.since && !options.until) return true;
    auto t = parse_rfc3339(r.time);
    if (!t) return true;
    if (options.since && *t < *options.since) return false;
    if (options.until && *t > *options.until) return false;
    return true;
  }
  void print(const LogRecord& r) const {
    std::string text = options.timestamps ? r.time + " " + r.log : r.log;
    write_all(r.stream == "stderr" ? err_fd : out_fd, text.data(), text.size(), "log output");
  }
};

}  // namespace

void read_complete_lines(std::ifstream& in, std::string& partial, std::vector<std::string>& lines) {
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    partial.append(buf, static_cast<size_t>(in.gcount()));
    if (in.eof()) break;
  }
  in.clear();
  size_t start = 0;
  for (size_t nl; (nl = partial.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(partial.substr(start, nl - start));
  }
  partial.erase(0, start);
}

void print_logs(const std::filesystem::path& log_path, const std::filesystem::path& exit_file,
                const LogOptions& options, int stdout_fd, int stderr_fd) {
  Printer printer{options, stdout_fd, stderr_fd};
  std::vector<std::filesystem::path> files;
  for (int i = 9; i >= 1; --i) {
    auto rotated = std::filesystem::path(log_path.string() + "." + std::to_string(i));
    if (std::filesystem::exists(rotated)) files.push_back(rotated);
  }
  std::deque<LogRecord> tail;
  auto consume = [&](const std::string& line) {
    LogRecord r;
    if (!parse_json_log_line(line, r) || !printer.keep(r)) return;
    if (options.tail) {
      if (*options.tail == 0) return;
      tail.push_back(std::move(r));
      if (tail.size() > *options.tail) tail.pop_front();
    } else {
      printer.print(r);
    }
  };
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string partial;
    std::vector<std::string> lines;
    read_complete_lines(in, partial, lines);
    for (const auto& l : lines) consume(l);
  }
  std::ifstream current(log_path, std::ios::binary);
  std::string partial;
  std::vector<std::string> lines;
  if (current) read_complete_lines(current, partial, lines);
  for (const auto& l : lines) consume(l);
  for (const auto& r : tail) printer.print(r);
  if (!options.follow) return;
  // Follow until the container's exit was recorded; the shim writes the exit file only after
  // the log is complete, so one more read after seeing it gets the rest. The log and the exit
  // file share the container's directory: its changes are what wakes the loop.
  auto ino = [&] {
    struct stat st {};
    return ::stat(log_path.c_str(), &st) == 0 ? st.st_ino : 0;
  };
  auto inode = ino();
  DirectoryChangeWait change(exit_file.parent_path());
  for (;;) {
    bool done = std::filesystem::exists(exit_file);
    // Removed with its directory (rm -f) before it exited: nothing more will come.
    bool removed = !done && !std::filesystem::exists(exit_file.parent_path());
    if (!current.is_open() || ino() != inode) {  // created late, or rotated
      current = std::ifstream(log_path, std::ios::binary);
      inode = ino();
      partial.clear();
    }
    lines.clear();
    if (current) read_complete_lines(current, partial, lines);
    for (const auto& l : lines) {
      LogRecord r;
      if (parse_json_log_line(l, r) && printer.keep(r)) printer.print(r);
    }
    if (done || removed) return;
    if (lines.empty()) change.wait();
  }
}

}  // namespace berth::runtime
