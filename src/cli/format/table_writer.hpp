#pragma once
// Column alignment as Go's text/tabwriter does it, with the settings Docker's table formats
// use (NewTabWriter(out, 10, 1, 3, ' ', 0)): cells are tab-terminated, and each column is as
// wide as its widest cell plus the padding, but at least the minimum width. The text after a
// line's last tab is not a column and is never padded. Column widths are computed per block
// of consecutive lines that have that column, exactly as tabwriter does.
#include <string>
#include <string_view>
#include <vector>

namespace berth::cli {

class TableWriter {
 public:
  struct Options {
    size_t min_width = 10;
    size_t padding = 3;
    char pad_char = ' ';
  };

  TableWriter() = default;
  explicit TableWriter(Options options) : options_(options) {}

  // One line of cells: every cell but the last is a column cell (as if tab-terminated).
  void add_row(std::vector<std::string> cells);
  // Raw tabwriter input: '\t' ends a cell, '\n' ends a line. A final unterminated line is
  // kept and written at render time without a newline.
  void write(std::string_view text);
  // The aligned output (tabwriter's Flush).
  std::string render() const;

 private:
  struct Line {
    std::vector<std::string> cells;
    bool newline = true;
  };

  void format(std::string& out, std::vector<size_t>& widths, size_t line0, size_t line1) const;
  void write_lines(std::string& out, const std::vector<size_t>& widths, size_t line0,
                   size_t line1) const;

  Options options_;
  std::vector<Line> lines_;
  bool open_line_ = false;  // the last line has no newline yet
};

}  // namespace berth::cli
