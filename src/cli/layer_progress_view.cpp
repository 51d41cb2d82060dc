#include "cli/layer_progress_view.hpp"

#include <algorithm>
#include <cctype>

#include "base/human_format.hpp"

namespace berth::cli {

namespace {

bool is_layer_line(const std::string& text) {
  if (text.size() < 14 || text.compare(12, 2, ": ") != 0) return false;
  return std::all_of(text.begin(), text.begin() + 12, [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

}  // namespace

std::string format_progress_bar(int64_t current, int64_t total) {
  int filled = 0;
  if (total > 0) {
    filled = static_cast<int>(static_cast<double>(std::min(current, total)) /
                              static_cast<double>(total) * 100) /
             2;
  }
  std::string bar = "[" + std::string(static_cast<size_t>(filled), '=') + ">" +
                    std::string(static_cast<size_t>(std::max(0, 50 - filled)), ' ') + "] ";
  std::string done = human_size(static_cast<double>(current));
  if (done.size() < 8) done.insert(0, 8 - done.size(), ' ');
  return bar + done + "/" + human_size(static_cast<double>(total));
}

void LayerProgressView::line(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (is_layer_line(text)) {
    set_row(text.substr(0, 12), text.substr(14));
  } else {
    out_ << text << "\n" << std::flush;
    rows_.clear();  // rows above a plain line are final: new rows start below it
  }
}

void LayerProgressView::bytes(const std::string& id, int64_t current, int64_t total) {
  std::lock_guard lock(mutex_);
  set_row(id, "Downloading " + format_progress_bar(current, total));
}

void LayerProgressView::set_row(const std::string& id, const std::string& status) {
  auto it = std::find_if(rows_.begin(), rows_.end(), [&](const auto& r) { return r.first == id; });
  if (it == rows_.end()) {
    rows_.emplace_back(id, status);
    out_ << id << ": " << status << "\n" << std::flush;
    return;
  }
  it->second = status;
  // Up to the row, clear it, write it, and back down to below the last row.
  size_t up = static_cast<size_t>(rows_.end() - it);
  out_ << "\x1b[" << up << "A\r\x1b[2K" << id << ": " << status << "\x1b[" << up << "B\r"
       << std::flush;
}

}  // namespace berth::cli
