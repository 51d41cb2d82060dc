// The loader's bounds: file size, YAML depth, alias expansion, services, interpolation.
#include <gtest/gtest.h>

#include <chrono>

#include "compose/interpolation.hpp"
#include "compose/limits.hpp"
#include "compose/yaml_reader.hpp"
#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

std::string yaml_error(const std::string& text) {
  try {
    read_yaml(text, "compose.yaml");
  } catch (const ComposeError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ComposeBounds, BillionLaughsStopsAtTheNodeBudget) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    text += "]\n";
  }
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(yaml_error(text),
            "compose.yaml:6: the YAML stands for more than 200000 nodes (aliases included)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ComposeBounds, AliasedLongScalarsStopAtTheByteBudget) {
  std::string text = "a: &a " + std::string(1 << 20, 'x') + "\nb: [";
  for (int i = 0; i < 40; ++i) text += i ? ", *a" : "*a";
  text += "]\n";
  EXPECT_EQ(yaml_error(text),
            "compose.yaml:2: the YAML stands for more than 32 MiB of text (aliases included)");
}

TEST(ComposeBounds, DepthIsCapped) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_EQ(yaml_error("a: " + deep + "\n"),
            "compose.yaml:1: the YAML is nested more than 64 levels deep");
  std::string very_deep(100000, '[');
  EXPECT_NE(yaml_error("a: " + very_deep), "no error");
}

TEST(ComposeBounds, FileSizeIsCapped) {
  std::string big = "x-pad: \"" + std::string(kMaxFileBytes, 'x') + "\"\n";
  EXPECT_EQ(yaml_error(big), "compose.yaml: the file is larger than 4 MiB");
}

TEST(ComposeBounds, ServicesAreCapped) {
  testing::ComposeTestProject p;
  std::string text = "services:\n";
  for (size_t i = 0; i <= kMaxServices; ++i) text += "  s" + std::to_string(i) + ": {image: x}\n";
  p.write("compose.yaml", text);
  EXPECT_EQ(p.error(), "compose.yaml:2: services: more than 1000 services");
}

TEST(ComposeBounds, InterpolationDepthAndSizeAreCapped) {
  auto none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  std::string nested = "x";
  for (int i = 0; i < 40; ++i) nested = "${U:-" + nested + "}";
  try {
    interpolate(nested, none);
    FAIL() << "no error";
  } catch (const InterpolationError& e) {
    EXPECT_EQ(e.message, "interpolation is nested more than 16 levels deep");
  }
  auto big = [](std::string_view) -> std::optional<std::string> {
    return std::string(600 * 1024, 'v');
  };
  try {
    interpolate("$A$A", big);
    FAIL() << "no error";
  } catch (const InterpolationError& e) {
    EXPECT_EQ(e.message, "a value is longer than 1024 KiB once interpolated");
  }
}

TEST(ComposeBounds, ExtendsCopiesCountAgainstTheProjectBudget) {
  testing::ComposeTestProject p;
  std::string text = "services:\n  base:\n    image: x\n    labels:\n";
  for (int i = 0; i < 90000; ++i) text += "      l" + std::to_string(i) + ": v\n";
  for (int i = 0; i < 30; ++i) text += "  s" + std::to_string(i) + ": {extends: base}\n";
  p.write("compose.yaml", text);
  EXPECT_NE(p.error().find("the project stands for more than 1000000 YAML nodes"),
            std::string::npos);
}

TEST(ComposeBounds, PortRangesCountAgainstThePortBudget) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: x\n    ports: [\"1-60000\", \"1-60000/udp\"]\n");
  EXPECT_EQ(p.error(),
            "compose.yaml:4: services.web.ports[1]: the project publishes more than 100000 ports");
}

TEST(ComposeBounds, InterpolatedValuesShareOneBudget) {
  testing::ComposeTestProject p;
  p.options.environment["BIG"] = std::string(512 * 1024, 'v');
  std::string text = "services:\n  web:\n    image: x\n    labels:\n";
  for (int i = 0; i < 100; ++i) text += "      l" + std::to_string(i) + ": $BIG\n";
  p.write("compose.yaml", text);
  EXPECT_EQ(p.error(),
            "compose.yaml:68: services.web.labels.l63: the values are longer than 32 "
            "MiB in all once interpolated");
}

TEST(ComposeBounds, IncludeLoopsStop) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "include: [compose.yaml]\nservices:\n  a: {image: x}\n");
  EXPECT_NE(p.error().find("include"), std::string::npos);
}

}  // namespace
}  // namespace berth::compose
