#pragma once
// Docker's --format templates: the subset of Go's text/template that docker users write,
// evaluated over a JSON value (the same fields Docker's JSON output has).
//
// Supported: text and {{ }} actions with {{- -}} trimming and {{/* comments */}}; ".", ".A.B"
// (exact-case JSON keys), "$", "$x.A", "(pipeline).A"; pipelines with "|"; variables
// ("$x := …", "$x = …"); {{if}}/{{else if}}/{{else}}/{{end}}, {{with}}, {{range}} over lists,
// maps (sorted keys) and integers, with "$v :=" or "$k, $v :=", {{break}}/{{continue}};
// string, raw string, character, number, true/false/nil literals; the functions in
// template_functions.hpp. Not supported: define/template/block and method calls.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace berth::cli {

namespace tmpl {
struct Node;
}

class GoTemplate {
 public:
  // Throws InvalidArgumentError("template parsing error: template: :LINE: …") on bad syntax.
  static GoTemplate parse(std::string_view text);

  // Executes over `dot`. Values print as Go prints them: strings raw, integers without ".0",
  // floats in Go's %v form, true/false, null as "<no value>", map[k:v] and [a b].
  // Throws InvalidArgumentError("template: :LINE:COL: executing \"\" at <…>: …") on errors.
  std::string render(const Json& dot) const;

  // Docker's header row for table formats: the template executed over a map from field name
  // to column title, with Docker's functions passing their first argument through (json gives
  // "") so that "{{.ID | truncate 5}}" still heads its column "CONTAINER ID". Fields missing
  // from the map render empty.
  std::string render_header(const Json& headers) const;

  const std::string& source() const { return source_; }

 private:
  std::string render_with(const Json& dot, bool header_mode) const;

  std::string source_;
  std::shared_ptr<const std::vector<tmpl::Node>> nodes_;
};

}  // namespace berth::cli
