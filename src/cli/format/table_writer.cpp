#include "cli/format/table_writer.hpp"

#include <algorithm>

namespace berth::cli {
namespace {

// tabwriter measures cells in runes, not bytes.
size_t text_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

void TableWriter::add_row(std::vector<std::string> cells) {
  if (cells.empty()) cells.emplace_back();
  if (open_line_) {
    // A row after unterminated text completes that text's line first.
    lines_.back().newline = true;
    open_line_ = false;
  }
  lines_.push_back(Line{std::move(cells), true});
}

void TableWriter::write(std::string_view text) {
  for (char c : text) {
    if (!open_line_) {
      lines_.push_back(Line{{std::string()}, false});
      open_line_ = true;
    }
    Line& line = lines_.back();
    if (c == '\t') {
      line.cells.emplace_back();
    } else if (c == '\n') {
      line.newline = true;
      open_line_ = false;
    } else {
      line.cells.back().push_back(c);
    }
  }
}

std::string TableWriter::render() const {
  std::string out;
  std::vector<size_t> widths;
  format(out, widths, 0, lines_.size());
  return out;
}

// Lines [line0, line1) are formatted knowing the widths of the columns left of
// widths.size(). A run of consecutive lines that have a cell in the next column forms a block
// whose width is fixed before the columns to its right are formatted. Go's tabwriter recurses
// once per column; this keeps its frames on a heap stack instead, as a row of 300,000 tabs
// overflowed the thread's stack.
void TableWriter::format(std::string& out, std::vector<size_t>& widths, size_t line0,
                         size_t line1) const {
  struct Frame {
    size_t line0, line1, i;
  };
  std::vector<Frame> stack{{line0, line1, line0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    size_t column = widths.size();
    // The last cell of a line is not a column cell.
    while (f.i < f.line1 && column + 1 >= lines_[f.i].cells.size()) ++f.i;
    if (f.i >= f.line1) {
      write_lines(out, widths, f.line0, f.line1);
      stack.pop_back();
      if (stack.empty()) break;
      widths.pop_back();
      // The parent's block ended at its i: line i (if any) lacks that column; the loop's
      // increment passes over it and it is written with the next block or at the end.
      Frame& parent = stack.back();
      parent.line0 = parent.i;
      ++parent.i;
      continue;
    }
    write_lines(out, widths, f.line0, f.i);
    f.line0 = f.i;
    size_t width = options_.min_width;
    size_t end = f.i;
    for (; end < f.line1 && column + 1 < lines_[end].cells.size(); ++end) {
      width = std::max(width, text_width(lines_[end].cells[column]) + options_.padding);
    }
    widths.push_back(width);
    f.i = end;
    stack.push_back({f.line0, end, f.line0});
  }
}

void TableWriter::write_lines(std::string& out, const std::vector<size_t>& widths, size_t line0,
                              size_t line1) const {
  for (size_t i = line0; i < line1; ++i) {
    const Line& line = lines_[i];
    for (size_t j = 0; j < line.cells.size(); ++j) {
      out += line.cells[j];
      if (j < widths.size()) {
        size_t w = text_width(line.cells[j]);
        if (widths[j] > w) out.append(widths[j] - w, options_.pad_char);
      }
    }
    if (line.newline) out.push_back('\n');
  }
}

}  // namespace berth::cli
