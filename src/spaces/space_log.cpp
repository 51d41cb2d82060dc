#include "spaces/space_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "base/json.hpp"
#include "base/time_format.hpp"

namespace berth::spaces {

std::string redact(std::string_view line, const std::vector<std::string>& secrets) {
  std::string out(line);
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3)) {
      out.replace(at, secret.size(), "***");
    }
  }
  return out;
}

SpaceLogWriter::SpaceLogWriter(const std::filesystem::path& path, std::vector<std::string> secrets,
                               Mode mode)
    : fd_(::open(path.c_str(),
                 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (mode == Mode::kNew ? O_TRUNC : 0),
                 0600)),
      secrets_(std::move(secrets)) {
  if (fd_.get() < 0) throw Error("open " + path.string() + ": " + std::strerror(errno));
}

void SpaceLogWriter::write(std::string_view line) {
  Json entry = {{"data", redact(line, secrets_)}, {"timestamp", rfc3339_now()}};
  // Lines may hold any bytes a build printed; replace invalid UTF-8 rather than throw.
  std::string text = entry.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mutex_);
  // One write per line under O_APPEND: a follower never sees half a line.
  if (::write(fd_.get(), text.data(), text.size()) < 0) {
    throw Error(std::string("writing the build log: ") + std::strerror(errno));
  }
}

std::vector<std::string> LogTail::read_new_lines() {
  std::vector<std::string> lines;
  UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return lines;
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return lines;
  if (st.st_ino != inode_ || st.st_size < offset_) {
    // A new file (the next build's log, or a rotated container log): start over.
    if (inode_ != 0) offset_ = 0;
    inode_ = st.st_ino;
  }
  if (st.st_size <= offset_) return lines;
  std::string data(static_cast<size_t>(st.st_size - offset_), '\0');
  ssize_t n = ::pread(fd.get(), data.data(), data.size(), offset_);
  if (n <= 0) return lines;
  data.resize(static_cast<size_t>(n));
  size_t start = 0;
  for (size_t nl; (nl = data.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.emplace_back(data.substr(start, nl - start));
  }
  offset_ += static_cast<int64_t>(start);  // a partial last line waits for its newline
  return lines;
}

std::string docker_log_to_space_log(std::string_view json_line) {
  Json entry = Json::parse(json_line, nullptr, false);
  if (entry.is_discarded() || !entry.is_object() || !entry.contains("log")) {
    return Json{{"data", std::string(json_line)}, {"timestamp", rfc3339_now()}}.dump(
        -1, ' ', false, Json::error_handler_t::replace);
  }
  std::string text = entry.value("log", "");
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return Json{{"data", text}, {"timestamp", entry.value("time", "")}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace berth::spaces
