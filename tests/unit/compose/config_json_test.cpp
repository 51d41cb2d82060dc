// `compose config --format json`: the model as compose-go's Project.MarshalJSON writes it
// (github.com/compose-spec/compose-go, read at e70e961c): types/project.go (a Go map, so the
// top-level keys sorted; json.MarshalIndent, two spaces), types/types.go (ServiceConfig's
// `command` and `entrypoint` tagged json without omitempty, so null when unset; struct fields
// such as NetworkConfig.Ipam and DeployConfig.Placement never left out by encoding/json;
// UlimitsConfig.MarshalJSON), and encoding/json's HTML escaping of <, > and &.
#include <gtest/gtest.h>

#include "compose_test_project.hpp"

namespace berth::compose {
namespace config_json_test {

std::string config_json(testing::ComposeTestProject& p) {
  return json_text(project_json(p.load(), ModelFormat::json));
}

TEST(ComposeConfigJson, UnsetCommandAndEntrypointAreNull) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: nginx\n");
  EXPECT_EQ(config_json(p), R"({
  "name": "proj",
  "networks": {
    "default": {
      "name": "proj_default",
      "ipam": {}
    }
  },
  "services": {
    "web": {
      "command": null,
      "entrypoint": null,
      "image": "nginx",
      "networks": {
        "default": null
      }
    }
  }
})");
  // YAML leaves them out (ShellCommand.IsZero), and so does the config hash's form.
  EXPECT_EQ(p.config().find("command"), std::string::npos);
  EXPECT_FALSE(service_json(p.load().services.at("web")).contains("command"));
}

TEST(ComposeConfigJson, SetOrEmptyCommandsAreLists) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    command: echo hi\n    entrypoint: []\n");
  OrderedJson web = project_json(p.load(), ModelFormat::json)["services"]["web"];
  EXPECT_EQ(web["command"].dump(), R"(["echo","hi"])");
  EXPECT_EQ(web["entrypoint"].dump(), "[]");
}

TEST(ComposeConfigJson, TopLevelKeysSortedAndStructsNeverLeftOut) {
  testing::ComposeTestProject p;
  p.write("secret.txt", "s");
  p.write("compose.yaml", R"(services:
  web:
    image: nginx
    deploy:
      replicas: 2
    ulimits:
      nofile: {soft: 0, hard: 20000}
volumes:
  data: {}
secrets:
  token:
    file: ./secret.txt
)");
  OrderedJson j = project_json(p.load(), ModelFormat::json);
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "networks", "secrets", "services", "volumes"}));
  EXPECT_EQ(j["services"]["web"]["deploy"].dump(),
            R"({"replicas":2,"resources":{},"placement":{}})");
  EXPECT_EQ(j["services"]["web"]["ulimits"].dump(), R"({"nofile":{"hard":20000}})");
  // The YAML form keeps compose-go's YAML marshalling.
  EXPECT_NE(p.config().find("      nofile:\n        soft: 0\n        hard: 20000\n"),
            std::string::npos);
}

TEST(ComposeConfigJson, HtmlCharactersAreEscapedAsGoDoes) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    command: [\"sh\", \"-c\", \"a && b <c> "
          "\\u2028\"]\n");
  std::string text = config_json(p);
  EXPECT_NE(text.find(R"("a \u0026\u0026 b \u003cc\u003e \u2028")"), std::string::npos) << text;
  EXPECT_NE(text.back(), '\n');
}

TEST(ComposeConfigJson, CpuLimitsPrintAsGoPrintsAFloat32) {
  // types/cpus.go: NanoCPUs is a float32, which Go prints as its shortest decimal.
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n"
          "        limits: {cpus: \"0.3\"}\n");
  OrderedJson deploy = project_json(p.load(), ModelFormat::json)["services"]["web"]["deploy"];
  EXPECT_EQ(deploy["resources"]["limits"]["cpus"].dump(), "0.3");
  EXPECT_NE(p.config().find("          cpus: 0.3\n"), std::string::npos) << p.config();
}

}  // namespace config_json_test
}  // namespace berth::compose
