#include "compose/orchestrator/log_printer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "runtime/shim_client/json_log.hpp"
#include "runtime/shim_client/shim_client.hpp"

namespace berth::compose {
namespace {

struct Line {
  std::string source;  // display name
  runtime::LogRecord record;
  TimePoint time;  // parsed: writers trim trailing zeros, so the text does not sort
};

bool in_window(const runtime::LogRecord& r, const LogPrintOptions& o) {
  if (!o.since && !o.until) return true;
  auto t = parse_rfc3339(r.time);
  if (!t) return true;
  if (o.since && *t < *o.since) return false;
  if (o.until && *t > *o.until) return false;
  return true;
}

ino_t inode_of(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_ino : 0;
}

// One source being read: its current log file stays open between polls.
struct Reader {
  LogSource source;
  std::ifstream current;
  std::string partial;
  ino_t inode = 0;
  bool finished = false;

  explicit Reader(LogSource s) : source(std::move(s)) {}

  // Everything the log (rotated files first) holds now, in the time window.
  std::vector<runtime::LogRecord> read_all(const LogPrintOptions& options) {
    std::vector<std::string> lines;
    for (int i = 9; i >= 1; --i) {
      std::filesystem::path rotated = source.log_path.string() + "." + std::to_string(i);
      std::ifstream in(rotated, std::ios::binary);
      if (!in) continue;
      std::string rest;
      runtime::read_complete_lines(in, rest, lines);
    }
    inode = inode_of(source.log_path);
    current = std::ifstream(source.log_path, std::ios::binary);
    if (current) runtime::read_complete_lines(current, partial, lines);
    return parse(lines, options);
  }

  // What was added since the last read; reopens a log created late or rotated.
  std::vector<runtime::LogRecord> read_new(const LogPrintOptions& options) {
    std::vector<std::string> lines;
    if (!current.is_open() || inode_of(source.log_path) != inode) {
      current = std::ifstream(source.log_path, std::ios::binary);
      inode = inode_of(source.log_path);
      partial.clear();
    }
    if (current) runtime::read_complete_lines(current, partial, lines);
    return parse(lines, options);
  }

  static std::vector<runtime::LogRecord> parse(const std::vector<std::string>& lines,
                                               const LogPrintOptions& options) {
    std::vector<runtime::LogRecord> records;
    for (const auto& l : lines) {
      runtime::LogRecord r;
      if (runtime::parse_json_log_line(l, r) && in_window(r, options)) {
        records.push_back(std::move(r));
      }
    }
    return records;
  }
};

class Printer {
 public:
  Printer(const LogPrintOptions& options, std::ostream& out, std::ostream& err)
      : options_(options), prefixes_(options.color), out_(out), err_(err) {}

  void add(const std::string& name) { prefixes_.add(name); }

  void print(const std::string& name, const runtime::LogRecord& r) {
    std::string text = r.log;
    if (!text.empty() && text.back() == '\n') text.pop_back();
    std::string line;
    if (options_.prefix) line = prefixes_.prefix(name);
    if (options_.timestamps) line += r.time + " ";
    line += text;
    line += '\n';
    (r.stream == "stderr" ? err_ : out_) << line;
  }

  void exited(const LogSource& s) {
    if (!options_.exit_lines) return;
    auto record = runtime::read_exit_file(s.exit_file);
    std::string code = record ? std::to_string(record->exit_code) : "?";
    out_ << prefixes_.coloured(s.name, s.name + " exited with code " + code) << "\n";
  }

  void flush() {
    out_.flush();
    err_.flush();
  }

 private:
  const LogPrintOptions& options_;
  LogPrefixes prefixes_;
  std::ostream& out_;
  std::ostream& err_;
};

bool stopped(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load();
}

}  // namespace

std::string colour_code(size_t index) {
  static const char* const kRainbow[] = {"36",   "33",   "32",   "35",   "34",
                                         "36;1", "33;1", "32;1", "35;1", "34;1"};
  return kRainbow[index % (sizeof kRainbow / sizeof kRainbow[0])];
}

std::string log_display_name(const std::string& project, const std::string& container_name) {
  std::string name = container_name;
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  std::string lead = project + "-";
  if (!project.empty() && name.size() > lead.size() && name.rfind(lead, 0) == 0) {
    return name.substr(lead.size());
  }
  return name;
}

void LogPrefixes::add(const std::string& name) {
  if (colour_index_.count(name) != 0) return;
  colour_index_.emplace(name, colour_index_.size());
  width_ = std::max(width_, name.size() + 1);
}

std::string LogPrefixes::prefix(const std::string& name) const {
  std::string text = name;
  if (text.size() < width_) text.append(width_ - text.size(), ' ');
  text += " | ";
  return coloured(name, text);
}

std::string LogPrefixes::coloured(const std::string& name, const std::string& text) const {
  if (!color_) return text;
  auto it = colour_index_.find(name);
  size_t index = it == colour_index_.end() ? 0 : it->second;
  return "\033[" + colour_code(index) + "m" + text + "\033[0m";
}

void print_logs(const std::vector<LogSource>& sources, const LogPrintOptions& options,
                std::ostream& out, std::ostream& err, const std::atomic<bool>* stop,
                const std::function<std::vector<LogSource>()>& rescan) {
  Printer printer(options, out, err);
  std::vector<std::unique_ptr<Reader>> readers;
  std::set<std::string> known;
  for (const auto& s : sources) {
    if (!known.insert(s.id).second) continue;
    printer.add(s.name);
    readers.push_back(std::make_unique<Reader>(s));
  }

  // What the logs hold now: each container's tail, merged by time (stable, so one
  // container's lines with equal times keep their order).
  std::vector<Line> backlog;
  for (auto& r : readers) {
    auto records = r->read_all(options);
    size_t first = 0;
    if (options.tail) first = records.size() > *options.tail ? records.size() - *options.tail : 0;
    for (size_t i = first; i < records.size(); ++i) {
      auto time = parse_rfc3339(records[i].time).value_or(TimePoint{});
      backlog.push_back({r->source.name, std::move(records[i]), time});
    }
  }
  std::stable_sort(backlog.begin(), backlog.end(),
                   [](const Line& a, const Line& b) { return a.time < b.time; });
  for (const auto& l : backlog) printer.print(l.source, l.record);
  printer.flush();
  if (!options.follow) return;

  auto last_rescan = std::chrono::steady_clock::now();
  // Adds the sources that appeared (printed from their log's start), wakes those that
  // started again, and ends those removed.
  auto do_rescan = [&] {
    last_rescan = std::chrono::steady_clock::now();
    std::set<std::string> current;
    for (auto& s : rescan()) {
      current.insert(s.id);
      if (known.insert(s.id).second) {
        printer.add(s.name);
        readers.push_back(std::make_unique<Reader>(s));
        for (const auto& rec : readers.back()->read_all(options)) printer.print(s.name, rec);
      }
    }
    for (auto& r : readers) {
      // A container removed meanwhile is done; one started again is followed again.
      if (!current.count(r->source.id)) {
        r->finished = true;
      } else if (r->finished && !std::filesystem::exists(r->source.exit_file)) {
        r->finished = false;
      }
    }
    printer.flush();
  };

  while (!stopped(stop)) {
    bool all_finished = true;
    bool printed = false;
    for (auto& r : readers) {
      if (r->finished) continue;
      // The shim writes the exit file only once the log is complete, so the read after
      // seeing it gets the rest.
      bool exited = std::filesystem::exists(r->source.exit_file);
      // Removed with its directory (rm -f, down): nothing more will come.
      bool removed = !exited && !std::filesystem::exists(r->source.log_path) &&
                     !std::filesystem::exists(r->source.exit_file.parent_path());
      for (const auto& rec : r->read_new(options)) {
        printer.print(r->source.name, rec);
        printed = true;
      }
      if (exited) {
        r->finished = true;
        printer.exited(r->source);
        printed = true;
      } else if (removed) {
        r->finished = true;
      } else {
        all_finished = false;
      }
    }
    if (printed) printer.flush();
    bool rescan_due =
        rescan && std::chrono::steady_clock::now() - last_rescan >= options.rescan_interval;
    if (rescan && (rescan_due || all_finished)) {
      do_rescan();
      all_finished =
          std::all_of(readers.begin(), readers.end(), [](const auto& r) { return r->finished; }) &&
          all_finished;
    }
    if (all_finished) return;
    if (!printed) std::this_thread::sleep_for(options.poll_interval);
  }
}

std::vector<LogSource> log_sources(runtime::ContainerEngine& engine, const std::string& project,
                                   const std::vector<ObservedContainer>& containers) {
  std::vector<LogSource> sources;
  for (const auto& c : containers) {
    sources.push_back(
        {c.id, log_display_name(project, c.name), engine.log_path(c.id), engine.exit_file(c.id)});
  }
  return sources;
}

}  // namespace berth::compose
