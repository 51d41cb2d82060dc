#include "spaces/readme_header.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

#include "base/error.hpp"

namespace berth::spaces {
namespace readme_header_test {

using namespace std::chrono_literals;

// A README whose header holds `lines`: header line i (0-based) is README line i
// + 2.
std::string readme(std::initializer_list<std::string_view> lines) {
  std::string text = "---\n";
  for (auto line : lines) text.append(line).append("\n");
  return text + "---\n\n# My Space\n\nCheck out the configuration reference.\n";
}

SpaceConfig config_of(const std::string& text) {
  auto result = parse_readme_header(text);
  if (auto* error = std::get_if<HeaderError>(&result)) {
    ADD_FAILURE() << "unexpected error: " << error->message;
    return {};
  }
  return std::get<SpaceConfig>(result);
}

std::string error_of(const std::string& text) {
  auto result = parse_readme_header(text);
  if (auto* error = std::get_if<HeaderError>(&result)) return error->message;
  return "no error";
}

TEST(ReadmeHeader, MinimalDockerHeaderGetsTheHubsDefaults) {
  auto c = config_of(readme({"sdk: docker"}));
  EXPECT_EQ(c.sdk, "docker");
  EXPECT_EQ(c.app_port, 7860);
  EXPECT_EQ(c.base_path, "/");
  EXPECT_EQ(c.startup_duration_timeout, 30min);
  EXPECT_EQ(c.header, "default");
  EXPECT_TRUE(c.full_width);
  EXPECT_FALSE(c.pinned);
  EXPECT_FALSE(c.disable_embedding);
  EXPECT_FALSE(c.title);
  EXPECT_FALSE(c.emoji);
  EXPECT_FALSE(c.color_from);
  EXPECT_FALSE(c.color_to);
  EXPECT_FALSE(c.short_description);
  EXPECT_FALSE(c.license);
  EXPECT_FALSE(c.sdk_version);
  EXPECT_FALSE(c.app_file);
  EXPECT_FALSE(c.suggested_hardware);
  EXPECT_FALSE(c.suggested_storage);
  EXPECT_FALSE(c.hf_oauth);
  EXPECT_FALSE(c.hf_oauth_expiration_minutes);
  EXPECT_TRUE(c.tags.empty());
  EXPECT_TRUE(c.models.empty());
  EXPECT_TRUE(c.datasets.empty());
  EXPECT_TRUE(c.custom_headers.empty());
  EXPECT_TRUE(c.preload_from_hub.empty());
  EXPECT_TRUE(c.hf_oauth_scopes.empty());
  EXPECT_TRUE(c.unknown_keys.empty());
  EXPECT_TRUE(unsupported_keys(c).empty());
  EXPECT_TRUE(ignored_keys(c).empty());
  EXPECT_EQ(c.key_lines.size(), 1u);
  EXPECT_EQ(c.key_lines.at("sdk"), 2);
}

TEST(ReadmeHeader, ReadsEveryKey) {
  auto c = config_of(readme({
      "title: Deepface Emotion Recognition",
      "emoji: 😻",
      "colorFrom: blue",
      "colorTo: indigo",
      "sdk: docker",
      "sdk_version: 4.31.5",
      "python_version: \"3.12\"",
      "app_file: app.py",
      "app_port: 8000",
      "base_path: /docs",
      "short_description: Fall detection from a video clip",
      "thumbnail: https://example.com/banner.png",
      "license: apache-2.0",
      "tags:",
      "  - vision",
      "  - fastapi",
      "models: [openai-community/gpt2, deepset/roberta-base-squad2]",
      "datasets:",
      "  - mozilla-foundation/common_voice_13_0",
      "pinned: true",
      "fullWidth: false",
      "header: mini",
      "disable_embedding: true",
      "startup_duration_timeout: 1h30m",
      "custom_headers:",
      "  cross-origin-embedder-policy: require-corp",
      "  cross-origin-opener-policy: same-origin",
      "  cross-origin-resource-policy: cross-origin",
      "suggested_hardware: t4-medium",
      "suggested_storage: small",
      "preload_from_hub:",
      "  - coqui/XTTS-v1",
      "  - openai-community/gpt2 config.json 11c5a3d5811f50298f278a704980280950aedb10",
      "hf_oauth: true",
      "hf_oauth_scopes: [inference-api, email]",
      "hf_oauth_expiration_minutes: 480",
      "hf_oauth_redirect_path: /custom/callback",
      "hf_oauth_authorized_org: [my-org]",
  }));
  EXPECT_EQ(c.title, "Deepface Emotion Recognition");
  EXPECT_EQ(c.emoji, "😻");
  EXPECT_EQ(c.color_from, "blue");
  EXPECT_EQ(c.color_to, "indigo");
  EXPECT_EQ(c.sdk, "docker");
  EXPECT_EQ(c.sdk_version, "4.31.5");
  EXPECT_EQ(c.python_version, "3.12");
  EXPECT_EQ(c.app_file, "app.py");
  EXPECT_EQ(c.app_port, 8000);
  EXPECT_EQ(c.base_path, "/docs");
  EXPECT_EQ(c.short_description, "Fall detection from a video clip");
  EXPECT_EQ(c.thumbnail, "https://example.com/banner.png");
  EXPECT_EQ(c.license, "apache-2.0");
  EXPECT_EQ(c.tags, (std::vector<std::string>{"vision", "fastapi"}));
  EXPECT_EQ(c.models,
            (std::vector<std::string>{"openai-community/gpt2", "deepset/roberta-base-squad2"}));
  EXPECT_EQ(c.datasets, (std::vector<std::string>{"mozilla-foundation/common_voice_13_0"}));
  EXPECT_TRUE(c.pinned);
  EXPECT_FALSE(c.full_width);
  EXPECT_EQ(c.header, "mini");
  EXPECT_TRUE(c.disable_embedding);
  EXPECT_EQ(c.startup_duration_timeout, 90min);
  EXPECT_EQ(c.custom_headers,
            (std::map<std::string, std::string>{{"cross-origin-embedder-policy", "require-corp"},
                                                {"cross-origin-opener-policy", "same-origin"},
                                                {"cross-origin-resource-policy", "cross-origin"}}));
  EXPECT_EQ(c.suggested_hardware, "t4-medium");
  EXPECT_EQ(c.suggested_storage, "small");
  EXPECT_EQ(c.preload_from_hub,
            (std::vector<std::string>{
                "coqui/XTTS-v1",
                "openai-community/gpt2 config.json 11c5a3d5811f50298f278a704980280950aedb10"}));
  EXPECT_EQ(c.hf_oauth, true);
  EXPECT_EQ(c.hf_oauth_scopes, (std::vector<std::string>{"inference-api", "email"}));
  EXPECT_EQ(c.hf_oauth_expiration_minutes, 480);
  EXPECT_EQ(c.hf_oauth_redirect_path, "/custom/callback");
  EXPECT_EQ(c.hf_oauth_authorized_org, (std::vector<std::string>{"my-org"}));
  EXPECT_TRUE(c.unknown_keys.empty());
  EXPECT_EQ(c.key_lines.at("title"), 2);
  EXPECT_EQ(c.key_lines.at("app_port"), 10);
  EXPECT_EQ(c.key_lines.at("hf_oauth"), 35);
}

TEST(ReadmeHeader, EveryColorAndStorageAndHeaderStyle) {
  for (const char* color : {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}) {
    auto c = config_of(readme(
        {"sdk: docker", std::string("colorFrom: ") + color, std::string("colorTo: ") + color}));
    EXPECT_EQ(c.color_from, color);
    EXPECT_EQ(c.color_to, color);
  }
  for (const char* storage : {"small", "medium", "large"}) {
    EXPECT_EQ(config_of(readme({"sdk: docker", std::string("suggested_storage: ") + storage}))
                  .suggested_storage,
              storage);
  }
  EXPECT_EQ(config_of(readme({"sdk: docker", "header: default"})).header, "default");
  EXPECT_EQ(config_of(readme({"sdk: docker", "suggested_hardware: cpu-basic"})).suggested_hardware,
            "cpu-basic");
  EXPECT_EQ(config_of(readme({"sdk: docker", "suggested_hardware: a100-large"})).suggested_hardware,
            "a100-large");
}

TEST(ReadmeHeader, BooleansAreYaml12s) {
  EXPECT_TRUE(config_of(readme({"sdk: docker", "pinned: True"})).pinned);
  EXPECT_TRUE(config_of(readme({"sdk: docker", "pinned: TRUE"})).pinned);
  EXPECT_FALSE(config_of(readme({"sdk: docker", "pinned: false"})).pinned);
  EXPECT_TRUE(config_of(readme({"sdk: docker", "fullWidth: true"})).full_width);
  EXPECT_FALSE(config_of(readme({"sdk: docker", "disable_embedding: False"})).disable_embedding);
  EXPECT_EQ(config_of(readme({"sdk: docker", "hf_oauth: false"})).hf_oauth, false);
}

TEST(ReadmeHeader, KeysWithNoValueKeepTheirDefault) {
  auto c = config_of(readme({"sdk: docker", "startup_duration_timeout:", "app_port: ~",
                             "title: null", "tags:", "custom_headers:", "pinned:"}));
  EXPECT_EQ(c.startup_duration_timeout, 30min);
  EXPECT_EQ(c.app_port, 7860);
  EXPECT_FALSE(c.title);
  EXPECT_TRUE(c.tags.empty());
  EXPECT_TRUE(c.custom_headers.empty());
  EXPECT_FALSE(c.pinned);
  EXPECT_EQ(c.key_lines.at("startup_duration_timeout"), 3);
}

TEST(ReadmeHeader, ScalarsOfOtherTypesAreKeptAsWritten) {
  auto c = config_of(readme({"sdk: docker", "title: 2048", "sdk_version: 3.4",
                             "python_version: 3.10", "app_port: \"7860\"", "tags: demo"}));
  EXPECT_EQ(c.title, "2048");
  EXPECT_EQ(c.sdk_version, "3.4");
  EXPECT_EQ(c.python_version, "3.10");  // YAML text, not the float 3.1
  EXPECT_EQ(c.app_port, 7860);
  EXPECT_EQ(c.tags, (std::vector<std::string>{"demo"}));  // a lone string is a list of one
}

TEST(ReadmeHeader, PortRange) {
  EXPECT_EQ(config_of(readme({"sdk: docker", "app_port: 1"})).app_port, 1);
  EXPECT_EQ(config_of(readme({"sdk: docker", "app_port: 65535"})).app_port, 65535);
  EXPECT_EQ(config_of(readme({"sdk: docker", "app_port: 080"})).app_port, 80);
}

TEST(ReadmeHeader, StartupDurationTimeouts) {
  auto timeout = [](std::string_view value) {
    return config_of(
               readme({"sdk: docker", std::string("startup_duration_timeout: ").append(value)}))
        .startup_duration_timeout;
  };
  EXPECT_EQ(timeout("30m"), 30min);
  EXPECT_EQ(timeout("1h"), 1h);
  EXPECT_EQ(timeout("1h30m"), 90min);
  EXPECT_EQ(timeout("90s"), 90s);
  EXPECT_EQ(timeout("\"45m\""), 45min);
  EXPECT_EQ(timeout("12h"), 12h);
  EXPECT_EQ(timeout("10000h"), 10000h);  // no maximum on the Hub
  EXPECT_EQ(timeout("2d"), 48h);
}

TEST(ReadmeHeader, ShortDescriptionCountsCharactersNotBytes) {
  std::string sixty(60, 'x');
  EXPECT_EQ(config_of(readme({"sdk: docker", "short_description: " + sixty})).short_description,
            sixty);
  std::string accented;
  for (int i = 0; i < 60; ++i) accented += "é";
  EXPECT_EQ(config_of(readme({"sdk: docker", "short_description: " + accented})).short_description,
            accented);
}

TEST(ReadmeHeader, HeaderMayBeEmptyOfAnythingButSdkAndBodyMayBeAnything) {
  auto c = config_of("---\nsdk: docker\n---\n---\nnot: yaml: at all: [\n");
  EXPECT_EQ(c.sdk, "docker");
  EXPECT_TRUE(c.unknown_keys.empty());
}

TEST(ReadmeHeader, CommentsBomAndCrlf) {
  auto c = config_of(
      "\xEF\xBB\xBF---\r\n# the port uvicorn listens on\r\nsdk: docker\r\napp_port: 8080 # "
      "why\r\ntitle: Crlf\r\n---\r\nbody\r\n");
  EXPECT_EQ(c.app_port, 8080);
  EXPECT_EQ(c.title, "Crlf");
  EXPECT_EQ(c.key_lines.at("app_port"), 4);
  EXPECT_EQ(error_of("---\r\nsdk: docker\r\n\r\ncolorTo: teal\r\n---\r\n"),
            "README.md:4: colorTo: \"teal\" is not one of red, yellow, green, blue, indigo, "
            "purple, pink, gray");
}

TEST(ReadmeHeader, UnknownKeysAreKeptAsYamlAndListedAsIgnored) {
  auto c = config_of(readme({
      "sdk: docker",
      "language:",
      "  - en",
      "  - fr",
      "app-port: 8000",
      "colorfrom: red",
      "my_setting: {a: 1}",
      "nothing:",
  }));
  EXPECT_EQ(ignored_keys(c), (std::vector<std::string>{"language", "app-port", "colorfrom",
                                                       "my_setting", "nothing"}));
  ASSERT_EQ(c.unknown_keys.size(), 5u);
  EXPECT_EQ(c.unknown_keys[0].name, "language");
  EXPECT_EQ(c.unknown_keys[0].yaml, "- en\n- fr");
  EXPECT_EQ(c.unknown_keys[0].line, 3);
  EXPECT_FALSE(c.unknown_keys[0].did_you_mean);
  EXPECT_EQ(c.unknown_keys[1].yaml, "8000");
  EXPECT_EQ(c.unknown_keys[1].did_you_mean, "app_port");
  EXPECT_EQ(c.unknown_keys[2].did_you_mean, "colorFrom");
  EXPECT_EQ(c.unknown_keys[3].yaml, "{a: 1}");  // in the style it was written
  EXPECT_EQ(c.unknown_keys[3].line, 8);
  EXPECT_EQ(c.unknown_keys[4].yaml, "~");
  // A typo does not set the key it resembles.
  EXPECT_EQ(c.app_port, 7860);
  EXPECT_FALSE(c.color_from);
  EXPECT_TRUE(unsupported_keys(c).empty());
}

TEST(ReadmeHeader, UnsupportedKeysAreTheOnesBerthCannotHonour) {
  auto c = config_of(readme({"preload_from_hub: [coqui/XTTS-v1]", "sdk: docker",
                             "hf_oauth_expiration_minutes: 43200", "hf_oauth: true",
                             "hf_oauth_scopes: [email]", "title: t"}));
  EXPECT_EQ(unsupported_keys(c),
            (std::vector<std::string>{"preload_from_hub", "hf_oauth_expiration_minutes", "hf_oauth",
                                      "hf_oauth_scopes"}));
  EXPECT_TRUE(ignored_keys(c).empty());
  // Asking for nothing is not asking for something unsupported.
  EXPECT_TRUE(unsupported_keys(config_of(readme({"sdk: docker", "hf_oauth: false",
                                                 "hf_oauth_scopes:", "preload_from_hub: []"})))
                  .empty());
  EXPECT_EQ(unsupported_keys(config_of(readme({"sdk: docker", "hf_oauth_redirect_path: /cb",
                                               "hf_oauth_authorized_org: my-org"}))),
            (std::vector<std::string>{"hf_oauth_redirect_path", "hf_oauth_authorized_org"}));
}

TEST(ReadmeHeader, NoHeader) {
  for (const char* text : {"", "# My Space\n", "\n---\nsdk: docker\n---\n"}) {
    auto result = parse_readme_header(text);
    ASSERT_TRUE(std::holds_alternative<HeaderError>(result)) << text;
    const auto& error = std::get<HeaderError>(result);
    EXPECT_EQ(error.line, 0);
    EXPECT_EQ(error.message, "README.md has no YAML header (--- … ---) with sdk: docker");
    EXPECT_EQ(error.detail, error.message);
  }
}

TEST(ReadmeHeader, UnclosedHeader) {
  auto result = parse_readme_header("---\nsdk: docker\n# My Space\n");
  const auto& error = std::get<HeaderError>(result);
  EXPECT_EQ(error.line, 1);
  EXPECT_EQ(error.detail, "the YAML header opened on this line has no closing --- line");
  EXPECT_EQ(error.message,
            "README.md:1: the YAML header opened on this line has no closing --- line");
}

TEST(ReadmeHeader, SdkMustBeDocker) {
  EXPECT_EQ(
      error_of(readme({"title: t", "emoji: 🚀", "sdk: gradio", "sdk_version: 4.0"})),
      "README.md:4: sdk: \"gradio\" is not supported: Berth runs only Docker Spaces (sdk: docker)");
  for (const char* sdk : {"streamlit", "static", "Docker", "\"\""}) {
    EXPECT_EQ(error_of(readme({std::string("sdk: ") + sdk})).substr(0, 17), "README.md:2: sdk:")
        << sdk;
  }
  EXPECT_EQ(error_of(readme({"title: t", "app_port: 8000"})),
            "README.md:1: sdk is missing: Berth runs only Docker Spaces (sdk: docker)");
  EXPECT_EQ(error_of(readme({"sdk:"})),
            "README.md:1: sdk is missing: Berth runs only Docker Spaces (sdk: docker)");
  EXPECT_EQ(error_of(readme({})),
            "README.md:1: sdk is missing: Berth runs only Docker Spaces (sdk: docker)");
  EXPECT_EQ(error_of(readme({"sdk: [docker]"})), "README.md:2: sdk: expected a string, got a list");
}

TEST(ReadmeHeader, TheFileNameIsTheCallers) {
  EXPECT_EQ(error_of(readme({"sdk: docker", "colorFrom: orange"})).substr(0, 13), "README.md:3: ");
  auto result =
      parse_readme_header(readme({"sdk: docker", "app_port: http"}), "spaces/a/README.md");
  EXPECT_EQ(std::get<HeaderError>(result).message,
            "spaces/a/README.md:3: app_port: \"http\" is not a port number (1-65535)");
  EXPECT_EQ(std::get<HeaderError>(parse_readme_header("hello", "x/README.md")).message,
            "x/README.md has no YAML header (--- … ---) with sdk: docker");
}

struct BadValue {
  std::vector<std::string> header;  // lines after "sdk: docker" (README line 3 on)
  std::string message;
  int line;
};

void PrintTo(const BadValue& bad, std::ostream* os) {
  for (const auto& line : bad.header) *os << line << "⏎";
}

class ReadmeHeaderRefuses : public ::testing::TestWithParam<BadValue> {};

TEST_P(ReadmeHeaderRefuses, NamingKeyValueAndLine) {
  const BadValue& bad = GetParam();
  std::string text = "---\nsdk: docker\n";
  for (const auto& line : bad.header) text += line + "\n";
  text += "---\n# Space\n";
  auto result = parse_readme_header(text);
  ASSERT_TRUE(std::holds_alternative<HeaderError>(result)) << text;
  const auto& error = std::get<HeaderError>(result);
  EXPECT_EQ(error.message, "README.md:" + std::to_string(bad.line) + ": " + bad.message);
  EXPECT_EQ(error.detail, bad.message);
  EXPECT_EQ(error.line, bad.line);
}

const std::string kColors = "red, yellow, green, blue, indigo, purple, pink, gray";

INSTANTIATE_TEST_SUITE_P(
    EveryKey, ReadmeHeaderRefuses,
    ::testing::Values(
        BadValue{
            {"title: t", "colorFrom: orange"}, "colorFrom: \"orange\" is not one of " + kColors, 4},
        BadValue{{"colorTo: Red"}, "colorTo: \"Red\" is not one of " + kColors, 3},
        BadValue{{"colorTo: [red, blue]"}, "colorTo: expected a string, got a list", 3},
        BadValue{{"title: {a: b}"}, "title: expected a string, got a mapping", 3},
        BadValue{{"emoji:", "  - x"}, "emoji: expected a string, got a list", 4},
        BadValue{{"license: [mit]"}, "license: expected a string, got a list", 3},
        BadValue{{"sdk_version: [1]"}, "sdk_version: expected a string, got a list", 3},
        BadValue{{"app_file: {}"}, "app_file: expected a string, got a mapping", 3},
        BadValue{{"thumbnail: []"}, "thumbnail: expected a string, got a list", 3},
        BadValue{{"python_version: []"}, "python_version: expected a string, got a list", 3},
        BadValue{
            {"", "", "app_port: http"}, "app_port: \"http\" is not a port number (1-65535)", 5},
        BadValue{{"app_port: 0"}, "app_port: \"0\" is not a port number (1-65535)", 3},
        BadValue{{"app_port: 65536"}, "app_port: \"65536\" is not a port number (1-65535)", 3},
        BadValue{{"app_port: -1"}, "app_port: \"-1\" is not a port number (1-65535)", 3},
        BadValue{{"app_port: 7860.0"}, "app_port: \"7860.0\" is not a port number (1-65535)", 3},
        BadValue{{"app_port: 99999999999"},
                 "app_port: \"99999999999\" is not a port number (1-65535)",
                 3},
        BadValue{{"app_port: [7860]"}, "app_port: expected a port number (1-65535), got a list", 3},
        BadValue{{"base_path: docs"}, "base_path: \"docs\" does not start with /", 3},
        BadValue{{"base_path: \"\""}, "base_path: \"\" does not start with /", 3},
        BadValue{{"short_description: " + std::string(61, 'x')},
                 "short_description: \"" + std::string(61, 'x') +
                     "\" is 61 characters long; the Hub allows at most 60",
                 3},
        BadValue{{"short_description: " + std::string(100, 'y')},
                 "short_description: \"" + std::string(60, 'y') +
                     "\"... is 100 characters long; the Hub allows at most 60",
                 3},
        BadValue{{"short_description: [a]"}, "short_description: expected a string, got a list", 3},
        BadValue{{"tags: {a: b}"}, "tags: expected a list of strings, got a mapping", 3},
        BadValue{
            {"tags:", "  - ok", "  - {a: b}"}, "tags: item 2 must be a string, not a mapping", 5},
        BadValue{{"models: [a, [b]]"}, "models: item 2 must be a string, not a list", 3},
        BadValue{{"datasets:", "  - ~"}, "datasets: item 1 must be a string, not nothing", 4},
        BadValue{{"preload_from_hub: {a: b}"},
                 "preload_from_hub: expected a list of strings, got a mapping",
                 3},
        BadValue{{"pinned: yes"}, "pinned: \"yes\" is not true or false", 3},
        BadValue{{"pinned: 1"}, "pinned: \"1\" is not true or false", 3},
        BadValue{{"fullWidth: on"}, "fullWidth: \"on\" is not true or false", 3},
        BadValue{{"disable_embedding: [true]"},
                 "disable_embedding: expected true or false, got a list",
                 3},
        BadValue{{"hf_oauth: enabled"}, "hf_oauth: \"enabled\" is not true or false", 3},
        BadValue{{"header: full"}, "header: \"full\" is not one of mini, default", 3},
        BadValue{{"startup_duration_timeout: soon"},
                 "startup_duration_timeout: \"soon\" is not a duration like 30m, 1h or 1h30m",
                 3},
        BadValue{{"startup_duration_timeout: 3600"},
                 "startup_duration_timeout: \"3600\" is not a duration like 30m, 1h or 1h30m",
                 3},
        BadValue{{"startup_duration_timeout: 1.5h"},
                 "startup_duration_timeout: \"1.5h\" is not a duration like 30m, 1h or 1h30m",
                 3},
        BadValue{{"startup_duration_timeout: 0m"},
                 "startup_duration_timeout: \"0m\" must be longer than zero",
                 3},
        BadValue{{"startup_duration_timeout: 20000000000000m"},
                 "startup_duration_timeout: \"20000000000000m\" is too long (at most 596523h14m7s)",
                 3},
        BadValue{{"startup_duration_timeout: [1h]"},
                 "startup_duration_timeout: expected a duration like 30m, 1h or 1h30m, got a list",
                 3},
        BadValue{
            {"suggested_hardware: gpu"},
            "suggested_hardware: \"gpu\" is not one of cpu-basic, cpu-upgrade, cpu-performance, "
            "cpu-xl, sprx8, zero-a10g, t4-small, t4-medium, l4x1, l4x4, l40sx1, l40sx4, l40sx8, "
            "a10g-small, a10g-large, a10g-largex2, a10g-largex4, a100-large, a100x4, a100x8, h100, "
            "h100x8, h200, h200x2, h200x4, h200x8, inf2x6, v5e-1x1, v5e-2x2, v5e-2x4",
            3},
        BadValue{{"suggested_storage: huge"},
                 "suggested_storage: \"huge\" is not one of small, medium, large",
                 3},
        BadValue{{"custom_headers: [a]"},
                 "custom_headers: expected a mapping of header names to values, got a list",
                 3},
        BadValue{{"custom_headers:", "  x-frame-options: deny"},
                 "custom_headers: \"x-frame-options\" is not allowed: the Hub allows only "
                 "cross-origin-embedder-policy, cross-origin-opener-policy, "
                 "cross-origin-resource-policy",
                 4},
        BadValue{{"custom_headers:", "  cross-origin-opener-policy: same-origin",
                  "  Cross-Origin-Embedder-Policy: require-corp"},
                 "custom_headers: \"Cross-Origin-Embedder-Policy\" must be lowercase, as on the "
                 "Hub (cross-origin-embedder-policy)",
                 5},
        BadValue{{"custom_headers:", "  cross-origin-opener-policy: sameorigin"},
                 "custom_headers: cross-origin-opener-policy: \"sameorigin\" is not one of "
                 "unsafe-none, same-origin-allow-popups, same-origin, noopener-allow-popups",
                 4},
        BadValue{{"custom_headers:",
                  "  cross-origin-resource-policy: \"cross-origin\\r\\nSet-Cookie: a=b\""},
                 "custom_headers: cross-origin-resource-policy: \"cross-origin\\r\\nSet-Cookie: "
                 "a=b\" is not one of same-site, same-origin, cross-origin",
                 4},
        BadValue{{"custom_headers:", "  cross-origin-embedder-policy: [require-corp]"},
                 "custom_headers: cross-origin-embedder-policy: expected a string, got a list",
                 4},
        BadValue{{"custom_headers:", "  [a]: b"},
                 "custom_headers: a header name must be a string, not a list",
                 4},
        BadValue{{"custom_headers:", "  cross-origin-opener-policy: same-origin",
                  "  cross-origin-opener-policy: unsafe-none"},
                 "custom_headers: cross-origin-opener-policy appears twice",
                 5},
        BadValue{{"hf_oauth_expiration_minutes: 43201"},
                 "hf_oauth_expiration_minutes: \"43201\" is not a number of minutes (1-43200)",
                 3},
        BadValue{{"hf_oauth_expiration_minutes: 8h"},
                 "hf_oauth_expiration_minutes: \"8h\" is not a number of minutes (1-43200)",
                 3},
        BadValue{{"hf_oauth_scopes: {a: b}"},
                 "hf_oauth_scopes: expected a list of strings, got a mapping",
                 3},
        BadValue{{"hf_oauth_redirect_path: [a]"},
                 "hf_oauth_redirect_path: expected a string, got a list",
                 3},
        BadValue{{"app_port: 8000", "title: t", "app_port: 8001"},
                 "app_port appears twice (first on line 3)",
                 5},
        BadValue{{"? [a, b]", ": c"}, "a key must be a string, not a list", 3},
        BadValue{{"~: c"}, "a key is empty", 3}));

TEST(ReadmeHeader, TheFirstBadValueWins) {
  EXPECT_EQ(error_of(readme({"colorFrom: orange", "sdk: gradio", "app_port: http"})),
            "README.md:2: colorFrom: \"orange\" is not one of red, yellow, green, blue, indigo, "
            "purple, pink, gray");
}

TEST(ReadmeHeader, YamlSyntaxErrorsGiveTheLine) {
  auto result = parse_readme_header(readme({"sdk: docker", "title: [unclosed", "app_port: 1"}));
  const auto& error = std::get<HeaderError>(result);
  EXPECT_TRUE(error.detail.starts_with("invalid YAML: ")) << error.message;
  EXPECT_GE(error.line, 3) << error.message;
  EXPECT_LE(error.line, 5) << error.message;

  EXPECT_EQ(error_of(readme({"sdk: docker", "title: a", " app_port: 1"})),
            "README.md:4: invalid YAML: illegal map value");
  EXPECT_EQ(error_of(readme({"sdk: docker", "\ttitle: a"})).substr(0, 27),
            "README.md:3: invalid YAML: ");
}

TEST(ReadmeHeader, HeaderMustBeAMapping) {
  EXPECT_EQ(error_of(readme({"- sdk: docker"})),
            "README.md:2: the header must be a mapping of keys to values, not a list");
  EXPECT_EQ(error_of(readme({"", "sdk docker"})),
            "README.md:3: the header must be a mapping of keys to values, not a string");
}

TEST(ReadmeHeader, AliasesCannotBlowUpAnUnknownKey) {
  std::vector<std::string> lines = {"sdk: docker", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"};
  for (int i = 1; i < 8; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    std::string list;
    for (int k = 0; k < 10; ++k) list += (k ? ", " : "") + prev;
    lines.push_back("a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + list + "]");
  }
  std::string text = "---\n";
  for (const auto& line : lines) text += line + "\n";
  text += "---\n";
  auto result = parse_readme_header(text);
  ASSERT_TRUE(std::holds_alternative<HeaderError>(result));
  EXPECT_EQ(std::get<HeaderError>(result).message,
            "README.md:6: a3: the values of unknown keys are too large to keep (over 10000 YAML "
            "nodes in all)");
  // Known keys read through aliases without re-emitting them.
  auto c = config_of(readme({"sdk: docker", "x-tags: &t [a, b]", "tags: *t"}));
  EXPECT_EQ(c.tags, (std::vector<std::string>{"a", "b"}));
}

TEST(ReadmeHeader, OrThrowGivesTheConfigOrAnInvalidArgumentError) {
  EXPECT_EQ(parse_readme_header_or_throw(readme({"sdk: docker", "app_port: 3000"})).app_port, 3000);
  try {
    parse_readme_header_or_throw(readme({"sdk: streamlit"}));
    ADD_FAILURE() << "no error";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(std::string(e.what()),
              "README.md:2: sdk: \"streamlit\" is not supported: Berth runs only Docker Spaces "
              "(sdk: docker)");
    EXPECT_EQ(e.exit_code(), 1);
  }
}

}  // namespace readme_header_test
}  // namespace berth::spaces
