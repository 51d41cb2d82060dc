#include "cli/format/go_template.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::cli {
namespace go_template_test {

const Json kContainer = Json::parse(R"({
  "ID": "abcdef1234567890",
  "Names": "web",
  "Image": "python:3.11",
  "Size": 1234,
  "Ratio": 0.25,
  "Running": true,
  "Paused": false,
  "Nothing": null,
  "Empty": "",
  "Ports": ["80/tcp", "443/tcp"],
  "Labels": {"com.example.vendor": "acme", "version": "1.0", "empty": ""},
  "Config": {"Env": ["A=1", "B=2"], "User": "1000", "Cmd": null},
  "Mounts": [{"Source": "/a", "Destination": "/x"}, {"Source": "/b", "Destination": "/y"}]
})");

std::string render(std::string_view text, const Json& dot = kContainer) {
  return GoTemplate::parse(text).render(dot);
}

std::string parse_error(std::string_view text) {
  try {
    GoTemplate::parse(text);
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "(parsed)";
}

std::string exec_error(std::string_view text, const Json& dot = kContainer) {
  auto t = GoTemplate::parse(text);
  try {
    t.render(dot);
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "(rendered)";
}

TEST(GoTemplate, TextOnly) {
  EXPECT_EQ(render(""), "");
  EXPECT_EQ(render("plain text } { }"), "plain text } { }");
}

TEST(GoTemplate, Fields) {
  EXPECT_EQ(render("{{.ID}}"), "abcdef1234567890");
  EXPECT_EQ(render("{{ .Names }} runs {{.Image}}"), "web runs python:3.11");
  EXPECT_EQ(render("{{.Config.User}}"), "1000");
  EXPECT_EQ(render("{{.Size}} {{.Ratio}}"), "1234 0.25");
  EXPECT_EQ(render("{{.Running}} {{.Paused}}"), "true false");
  EXPECT_EQ(render("[{{.Empty}}]"), "[]");
}

TEST(GoTemplate, FieldsAreCaseSensitive) {
  EXPECT_EQ(render("{{.id}}"), "<no value>");
}

TEST(GoTemplate, NullAndMissingPrintNoValue) {
  EXPECT_EQ(render("{{.Nothing}}"), "<no value>");
  EXPECT_EQ(render("{{.Missing}}"), "<no value>");
  EXPECT_EQ(render("{{.Config.Cmd}}"), "<no value>");
}

TEST(GoTemplate, CompositeValuesPrintAsGo) {
  EXPECT_EQ(render("{{.Ports}}"), "[80/tcp 443/tcp]");
  EXPECT_EQ(render("{{.Labels}}"), "map[com.example.vendor:acme empty: version:1.0]");
  EXPECT_EQ(render("{{.Mounts}}"), "[map[Destination:/x Source:/a] map[Destination:/y Source:/b]]");
}

TEST(GoTemplate, Dot) {
  EXPECT_EQ(render("{{.}}", "hello"), "hello");
  EXPECT_EQ(render("{{.}}", 5), "5");
  EXPECT_EQ(render("{{.}}", Json::array({1, 2})), "[1 2]");
  EXPECT_EQ(render("{{.}}", nullptr), "<no value>");
}

TEST(GoTemplate, TrimMarkers) {
  EXPECT_EQ(render("a  {{- .Names -}}  \n b"), "awebb");
  EXPECT_EQ(render("a {{- .Names}} b"), "aweb b");
  EXPECT_EQ(render("a {{.Names -}} b"), "a webb");
  // Without a space the dash is part of a number.
  EXPECT_EQ(render("{{-3}}"), "-3");
}

TEST(GoTemplate, Comments) {
  EXPECT_EQ(render("a{{/* note */}}b"), "ab");
  EXPECT_EQ(render("a {{- /* note */ -}} b"), "ab");
  EXPECT_EQ(render("{{/* multi\nline */}}x"), "x");
}

TEST(GoTemplate, Literals) {
  EXPECT_EQ(render(R"({{"quoted\tstr"}})"), "quoted\tstr");
  EXPECT_EQ(render("{{`raw\\t`}}"), "raw\\t");
  EXPECT_EQ(render("{{42}} {{-1}} {{1.5}} {{0x1F}} {{1e3}}"), "42 -1 1.5 31 1000");
  EXPECT_EQ(render("{{true}} {{false}}"), "true false");
  EXPECT_EQ(render("{{'a'}}"), "97");
  EXPECT_EQ(render(R"({{"\u00e9\x41"}})"), "éA");
}

TEST(GoTemplate, Pipelines) {
  EXPECT_EQ(render("{{.Names | upper}}"), "WEB");
  EXPECT_EQ(render("{{.Image | upper | lower}}"), "python:3.11");
  EXPECT_EQ(render(R"({{"x" | printf "%s-%s" "y"}})"), "y-x");
  EXPECT_EQ(render("{{(.Config).User}}"), "1000");
  EXPECT_EQ(render("{{len (index .Mounts 0)}}"), "2");
  EXPECT_EQ(render("{{(index .Mounts 1).Source}}"), "/b");
}

TEST(GoTemplate, DockerFunctions) {
  EXPECT_EQ(render("{{json .Labels}}"),
            R"({"com.example.vendor":"acme","empty":"","version":"1.0"})");
  EXPECT_EQ(render("{{json .Names}}"), R"("web")");
  EXPECT_EQ(render("{{json .Nothing}}"), "null");
  EXPECT_EQ(render("{{json .}}", Json{{"html", "<a&b>"}}), R"({"html":"<a&b>"})");
  EXPECT_EQ(render(R"({{join .Ports ", "}})"), "80/tcp, 443/tcp");
  EXPECT_EQ(render(R"({{split .Image ":"}})"), "[python 3.11]");
  EXPECT_EQ(render(R"({{index (split .Image ":") 1}})"), "3.11");
  EXPECT_EQ(render(R"({{split "abc" ""}})"), "[a b c]");
  EXPECT_EQ(render(R"({{lower "MiXeD"}} {{upper "MiXeD"}})"), "mixed MIXED");
  EXPECT_EQ(render(R"({{title "hello wORLD foo-bar"}})"), "Hello WORLD Foo-Bar");
  EXPECT_EQ(render("{{truncate .ID 12}}"), "abcdef123456");
  EXPECT_EQ(render("{{truncate .Names 10}}"), "web");
  EXPECT_EQ(render(R"({{truncate "héllo" 2}})"), "hé");
  EXPECT_EQ(render("[{{pad .Names 2 3}}]"), "[  web   ]");
  EXPECT_EQ(render("[{{pad .Empty 2 3}}]"), "[]");
}

TEST(GoTemplate, GoBuiltins) {
  EXPECT_EQ(render(R"({{index .Labels "com.example.vendor"}})"), "acme");
  EXPECT_EQ(render(R"({{index .Labels "absent"}})"), "<no value>");
  EXPECT_EQ(render("{{index .Ports 1}}"), "443/tcp");
  EXPECT_EQ(render("{{index .Config.Env 0}}"), "A=1");
  EXPECT_EQ(render("{{len .Ports}} {{len .Labels}} {{len .Names}}"), "2 3 3");
  EXPECT_EQ(render(R"({{printf "%s has %d bytes" .Names .Size}})"), "web has 1234 bytes");
  EXPECT_EQ(render(R"({{printf "%q" .Names}})"), "\"web\"");
  EXPECT_EQ(render(R"({{printf "%v" .Ports}})"), "[80/tcp 443/tcp]");
  EXPECT_EQ(render(R"({{printf "%-6s|" .Names}})"), "web   |");
  EXPECT_EQ(render(R"({{println .Names "x"}})"), "web x\n");
  EXPECT_EQ(render(R"({{print .Names .Size 1}})"), "web1234 1");
  EXPECT_EQ(render("{{not .Running}} {{not .Empty}}"), "false true");
}

TEST(GoTemplate, Comparisons) {
  EXPECT_EQ(render(R"({{eq .Names "web"}} {{eq .Names "db"}})"), "true false");
  EXPECT_EQ(render(R"({{eq .Names "db" "web"}})"), "true");
  EXPECT_EQ(render(R"({{ne .Names "db"}})"), "true");
  EXPECT_EQ(render("{{eq .Size 1234}} {{lt .Size 2000}} {{gt .Size 2000}}"), "true true false");
  EXPECT_EQ(render("{{le 3 3}} {{ge 2 3}} {{lt 1.5 2.5}}"), "true false true");
  EXPECT_EQ(render(R"({{lt "a" "b"}})"), "true");
  EXPECT_EQ(render("{{eq .Running true}}"), "true");
}

TEST(GoTemplate, AndOrReturnDecidingOperand) {
  EXPECT_EQ(render("{{and .Running .Names}}"), "web");
  EXPECT_EQ(render("{{and .Paused .Names}}"), "false");
  EXPECT_EQ(render("{{or .Empty .Names}}"), "web");
  EXPECT_EQ(render("{{or .Empty 0}}"), "0");
  // Short-circuit: the failing call after the deciding operand is never made.
  EXPECT_EQ(render("{{or .Running (index .Ports 99)}}"), "true");
  EXPECT_EQ(render("{{and .Paused (index .Ports 99)}}"), "false");
}

TEST(GoTemplate, IfElse) {
  EXPECT_EQ(render("{{if .Running}}up{{end}}"), "up");
  EXPECT_EQ(render("{{if .Paused}}paused{{else}}not paused{{end}}"), "not paused");
  EXPECT_EQ(render("{{if .Paused}}a{{else if .Empty}}b{{else if .Running}}c{{else}}d{{end}}"), "c");
  EXPECT_EQ(render("{{if .Nothing}}a{{else}}b{{end}}"), "b");
  EXPECT_EQ(render(R"({{if eq .Names "web"}}yes{{end}})"), "yes");
  EXPECT_EQ(render("{{if and .Running (gt .Size 1000)}}big{{end}}"), "big");
}

TEST(GoTemplate, With) {
  EXPECT_EQ(render("{{with .Config}}{{.User}}{{end}}"), "1000");
  EXPECT_EQ(render("{{with .Nothing}}x{{else}}none{{end}}"), "none");
  EXPECT_EQ(render("{{with $u := .Config.User}}{{$u}}{{end}}"), "1000");
}

TEST(GoTemplate, Range) {
  EXPECT_EQ(render("{{range .Ports}}<{{.}}>{{end}}"), "<80/tcp><443/tcp>");
  EXPECT_EQ(render("{{range $i, $p := .Ports}}{{$i}}={{$p}} {{end}}"), "0=80/tcp 1=443/tcp ");
  EXPECT_EQ(render("{{range $p := .Ports}}{{$p}};{{end}}"), "80/tcp;443/tcp;");
  EXPECT_EQ(render("{{range $k, $v := .Labels}}{{$k}}={{$v}},{{end}}"),
            "com.example.vendor=acme,empty=,version=1.0,");
  EXPECT_EQ(render("{{range .Labels}}[{{.}}]{{end}}"), "[acme][][1.0]");
  EXPECT_EQ(render("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}"), "/a:/x /b:/y ");
  EXPECT_EQ(render("{{range .Nothing}}x{{else}}empty{{end}}"), "empty");
  EXPECT_EQ(render("{{range .Config.Cmd}}x{{end}}"), "");
  EXPECT_EQ(render("{{range .}}x{{else}}none{{end}}", Json::array()), "none");
  EXPECT_EQ(render("{{range 3}}{{.}}{{end}}"), "012");
  EXPECT_EQ(render("{{range .Ports}}{{$.Names}}{{end}}"), "webweb");
}

TEST(GoTemplate, RangeBreakContinue) {
  Json list = Json::array({1, 2, 3, 4});
  EXPECT_EQ(render("{{range .}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", list), "12");
  EXPECT_EQ(render("{{range .}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}", list), "134");
}

TEST(GoTemplate, Variables) {
  EXPECT_EQ(render("{{$n := .Names}}{{$n}}-{{$n | upper}}"), "web-WEB");
  EXPECT_EQ(render("{{$x := 1}}{{$x = 2}}{{$x}}"), "2");
  EXPECT_EQ(render("{{$.Names}}"), "web");
  EXPECT_EQ(render("{{$c := .Config}}{{$c.User}}"), "1000");
  EXPECT_EQ(render("{{$x := 1}}{{if true}}{{$x = 5}}{{end}}{{$x}}"), "5");
}

TEST(GoTemplate, DockerStyleFormats) {
  EXPECT_EQ(render("{{.ID}}\t{{.Names}}"), "abcdef1234567890\tweb");
  EXPECT_EQ(render(R"({{range $k, $v := .Labels}}{{if $v}}{{$k}}={{$v}}
{{end}}{{end}})"),
            "com.example.vendor=acme\nversion=1.0\n");
  EXPECT_EQ(render(R"({{join .Config.Env "\n"}})"), "A=1\nB=2");
}

TEST(GoTemplate, ParseErrors) {
  EXPECT_EQ(parse_error("{{.ID"), "template parsing error: template: :1: unclosed action");
  EXPECT_EQ(parse_error("{{.ID }"),
            "template parsing error: template: :1: unexpected \"}\" in operand");
  EXPECT_EQ(parse_error("{{nope .ID}}"),
            "template parsing error: template: :1: function \"nope\" not defined");
  EXPECT_EQ(parse_error("{{if .ID}}x"), "template parsing error: template: :1: unexpected EOF");
  EXPECT_EQ(parse_error("{{range .Ports}}x{{else}}y"),
            "template parsing error: template: :1: unexpected EOF");
  EXPECT_EQ(parse_error("x{{end}}"), "template parsing error: template: :1: unexpected {{end}}");
  EXPECT_EQ(parse_error("{{else}}"), "template parsing error: template: :1: unexpected {{else}}");
  EXPECT_EQ(parse_error("{{}}"), "template parsing error: template: :1: missing value for command");
  EXPECT_EQ(parse_error("{{.A | }}"),
            "template parsing error: template: :1: missing value for command");
  EXPECT_EQ(parse_error("{{if}}{{end}}"),
            "template parsing error: template: :1: missing value for command");
  EXPECT_EQ(parse_error("{{$x}}"),
            "template parsing error: template: :1: undefined variable \"$x\"");
  EXPECT_EQ(parse_error("{{\"abc}}"),
            "template parsing error: template: :1: unterminated quoted string");
  EXPECT_EQ(parse_error("{{(.A}}"), "template parsing error: template: :1: unclosed left paren");
  EXPECT_EQ(parse_error("{{.A)}}"), "template parsing error: template: :1: unexpected right paren");
  EXPECT_EQ(parse_error("{{break}}"),
            "template parsing error: template: :1: {{break}} outside {{range}}");
  EXPECT_EQ(parse_error("{{#}}"),
            "template parsing error: template: :1: unexpected \"#\" in operand");
  EXPECT_EQ(parse_error("a\nb\n{{.A"), "template parsing error: template: :3: unclosed action");
  EXPECT_EQ(parse_error("{{template \"x\"}}"),
            "template parsing error: template: :1: {{template}} is not supported in --format "
            "templates");
  // A variable declared inside a block is gone after its {{end}}.
  EXPECT_EQ(parse_error("{{if true}}{{$x := 1}}{{end}}{{$x}}"),
            "template parsing error: template: :1: undefined variable \"$x\"");
}

TEST(GoTemplate, ExecutionErrors) {
  EXPECT_EQ(exec_error("{{.Nothing.Field}}"),
            "template: :1:2: executing \"\" at <.Nothing.Field>: nil pointer evaluating "
            "interface {}.Field");
  EXPECT_EQ(exec_error("x {{.Names.Field}}"),
            "template: :1:4: executing \"\" at <.Names.Field>: can't evaluate field Field in "
            "type string");
  EXPECT_EQ(exec_error("{{index .Ports 5}}"),
            "template: :1:2: executing \"\" at <index .Ports 5>: error calling index: index out "
            "of range: 5");
  EXPECT_EQ(exec_error("{{len .Size}}"),
            "template: :1:2: executing \"\" at <len .Size>: error calling len: len of type int");
  EXPECT_EQ(exec_error("{{upper .Size}}"),
            "template: :1:2: executing \"\" at <upper .Size>: wrong type for value; expected "
            "string; got int");
  EXPECT_EQ(exec_error("{{join .Ports}}"),
            "template: :1:2: executing \"\" at <join .Ports>: wrong number of args for join: want "
            "2 got 1");
  EXPECT_EQ(exec_error(R"({{eq .Names 1}})"),
            "template: :1:2: executing \"\" at <eq .Names 1>: error calling eq: incompatible "
            "types for comparison");
  EXPECT_EQ(exec_error("{{range .Names}}{{end}}"),
            "template: :1:8: executing \"\" at <.Names>: range can't iterate over web");
  EXPECT_EQ(exec_error("{{.Names 1}}"),
            "template: :1:2: executing \"\" at <.Names>: Names is not a method but has arguments");
  EXPECT_EQ(
      exec_error("\n  {{.Nothing.X}}"),
      "template: :2:4: executing \"\" at <.Nothing.X>: nil pointer evaluating interface {}.X");
}

TEST(GoTemplate, HeaderRendering) {
  auto t = GoTemplate::parse("{{.ID}}\t{{json .Labels}}\t{{upper .Names}}\t{{.Unknown}}");
  Json headers = {{"ID", "CONTAINER ID"}, {"Labels", "LABELS"}, {"Names", "NAMES"}};
  EXPECT_EQ(t.render_header(headers), "CONTAINER ID\t\tNAMES\t");
}

TEST(GoTemplate, ReusableAcrossRenders) {
  auto t = GoTemplate::parse("{{.}}!");
  EXPECT_EQ(t.render("a"), "a!");
  EXPECT_EQ(t.render(1), "1!");
  EXPECT_EQ(t.source(), "{{.}}!");
}

}  // namespace go_template_test
}  // namespace berth::cli
