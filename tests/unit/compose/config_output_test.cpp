// `compose config`'s output: the normalized model as compose v2 prints it, and the config hash.
#include <gtest/gtest.h>

#include "compose/config_hash.hpp"
#include "compose/duration.hpp"
#include "compose_test_project.hpp"

namespace berth::compose {
namespace {

TEST(ComposeConfigOutput, NormalizedModelAsComposePrintsIt) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(name: Demo-App_1
services:
  web:
    build: ./web
    command: python app.py --name "my app"
    environment:
      - DEBUG=1
    ports:
      - "8000:8000"
    depends_on: [db]
    healthcheck:
      test: curl -f http://localhost:8000/
      interval: 90s
      start_period: 500ms
    stop_grace_period: 1m
  db:
    image: postgres:16
    volumes: [data:/var/lib/postgresql/data]
    deploy:
      resources:
        limits: {cpus: "1.5", memory: 1g, pids: 100}
volumes:
  data:
)");
  p.options.project_name = "demo";
  std::string expected = R"(name: demo
services:
  db:
    deploy:
      resources:
        limits:
          cpus: 1.5
          memory: "1073741824"
          pids: 100
    image: postgres:16
    networks:
      default: null
    volumes:
      - type: volume
        source: data
        target: /var/lib/postgresql/data
        volume: {}
  web:
    build:
      context: DIR/web
      dockerfile: Dockerfile
    command:
      - python
      - app.py
      - --name
      - my app
    depends_on:
      db:
        condition: service_started
        required: true
    environment:
      DEBUG: "1"
    healthcheck:
      test:
        - CMD-SHELL
        - curl -f http://localhost:8000/
      interval: 1m30s
      start_period: 500ms
    networks:
      default: null
    ports:
      - mode: ingress
        target: 8000
        published: "8000"
        protocol: tcp
    stop_grace_period: 1m0s
networks:
  default:
    name: demo_default
volumes:
  data:
    name: demo_data
)";
  std::string dir = p.dir().string();
  for (size_t at = expected.find("DIR"); at != std::string::npos; at = expected.find("DIR")) {
    expected.replace(at, 3, dir);
  }
  EXPECT_EQ(p.config(), expected);
}

TEST(ComposeConfigOutput, AttributesBerthDoesNotActOnArePrintedAsWritten) {
  testing::ComposeTestProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: nginx\n    sysctls: [net.core.somaxconn=1024]\n"
          "    security_opt: [\"no-new-privileges:true\"]\n    pids_limit: 50\n    cpus: 1.5\n");
  EXPECT_EQ(p.config(),
            "name: proj\nservices:\n  web:\n    cpus: 1.5\n    image: nginx\n    networks:\n"
            "      default: null\n    pids_limit: 50\n    security_opt:\n"
            "      - no-new-privileges:true\n    sysctls:\n      net.core.somaxconn: \"1024\"\n"
            "networks:\n  default:\n    name: proj_default\n");
}

TEST(ComposeConfigOutput, GpuReservationsAndDeployPoliciesAreKept) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", R"(services:
  model:
    image: vllm
    deploy:
      restart_policy: {condition: on-failure}
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities: [gpu]
)");
  std::string out = p.config();
  EXPECT_NE(out.find(R"(    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities:
                - gpu
      restart_policy:
        condition: on-failure
)"),
            std::string::npos)
      << out;
}

TEST(ComposeConfigOutput, StrTagKeepsAString) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    pids_limit: !!str 50\n");
  EXPECT_NE(p.config().find("pids_limit: \"50\""), std::string::npos);
}

TEST(ComposeConfigOutput, ProjectNames) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web: {image: x}\n");
  EXPECT_EQ(p.load().name, "proj");
  p.options.environment["COMPOSE_PROJECT_NAME"] = "fromenv";
  EXPECT_EQ(p.load().name, "fromenv");
  p.options.project_name = "flag";
  EXPECT_EQ(p.load().name, "flag");
  p.options.project_name = "Bad Name";
  EXPECT_NE(p.error().find("invalid project name \"Bad Name\""), std::string::npos);
  p.options.project_name.clear();
  p.options.environment.erase("COMPOSE_PROJECT_NAME");
  p.write("compose.yaml", "name: UPPER\nservices:\n  web: {image: x}\n");
  EXPECT_NE(p.error().find("compose.yaml:1: name: invalid project name \"UPPER\""),
            std::string::npos);
}

TEST(ComposeConfigOutput, FilesAreFoundInParentDirectories) {
  testing::ComposeTestProject p;
  p.write("docker-compose.yml", "services:\n  web: {image: x}\n");
  p.write("deep/er/.keep", "");
  p.options.working_dir = (p.dir() / "deep/er").string();
  auto project = p.load();
  EXPECT_EQ(project.working_dir, p.dir().string());
  EXPECT_EQ(project.name, "proj");
}

TEST(ComposeConfigOutput, StandardInputIsAFileOfTheCurrentDirectory) {
  testing::ComposeTestProject p;
  p.write("base.yaml", "services:\n  web:\n    image: x\n    environment: {A: base}\n");
  p.options.files = {"base.yaml", "-"};
  p.options.standard_input =
      "services:\n  web:\n    environment: {B: stdin}\n    volumes: [./data:/data]\n";
  auto project = p.load();
  const auto& web = project.services.at("web");
  EXPECT_EQ(web.environment.at("A"), "base");
  EXPECT_EQ(web.environment.at("B"), "stdin");
  EXPECT_EQ(web.volumes.at(0).source, (p.dir() / "data").string());  // relative to the directory
  EXPECT_EQ(project.working_dir, p.dir().string());
  // Errors name it "-", with its line.
  p.options.files = {"-"};
  p.options.standard_input = "services:\n  web:\n    image: x\n    ports: [\"80:80:80\"]\n";
  EXPECT_EQ(p.error(), "-:4: services.web.ports[0]: invalid port \"80:80:80\"");
  p.options.standard_input.reset();
  EXPECT_EQ(p.error(), "-f -: no standard input was given");
}

TEST(ComposeConfigOutput, ConfigHashFollowsTheContainerConfigOnly) {
  testing::ComposeTestProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    deploy: {replicas: 2}\n");
  std::string first = config_hash(p.load().services.at("web"));
  EXPECT_EQ(first.size(), 64u);
  p.write("compose.yaml",
          "services:\n  web:\n    image: x\n    pull_policy: always\n    deploy: {replicas: 5}\n");
  EXPECT_EQ(config_hash(p.load().services.at("web")), first);
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    environment: [A=1]\n");
  EXPECT_NE(config_hash(p.load().services.at("web")), first);
}

TEST(ComposeConfigOutput, YamlQuotingReadsBackAsTheSameStrings) {
  OrderedJson j = OrderedJson::object();
  j["num"] = "8080";
  j["bool"] = "yes";
  j["null"] = "null";
  j["colon"] = "a: b";
  j["hash"] = "a #b";
  j["dash"] = "- x";
  j["empty"] = "";
  j["plain"] = "curl -f http://x/";
  j["multi"] = "line1\nline2";
  EXPECT_EQ(to_yaml(j),
            "num: \"8080\"\nbool: \"yes\"\n\"null\": \"null\"\ncolon: 'a: b'\nhash: 'a #b'\n"
            "dash: '- x'\nempty: \"\"\nplain: curl -f http://x/\nmulti: |-\n  line1\n"
            "  line2\n");
}

TEST(ComposeConfigOutput, StringsThatReadAsNumbersAreQuoted) {
  for (const char* number : {"8080", "-1", "+2", "1_000", "0x1F", "0o17", "0b101", "1.5", ".5",
                             "1e3", "2.5E-3", "1:20", "1:20:30.5"}) {
    EXPECT_EQ(to_yaml(OrderedJson(number)), std::string("\"") + number + "\"\n") << number;
  }
  for (const char* text : {"80:80", "1.2.3", "0x", "1e", "v1", "1-2", "127.0.0.1", "8000-8010"}) {
    EXPECT_EQ(to_yaml(OrderedJson(text)), std::string(text) + "\n") << text;
  }
  // A long run of digits is scanned without recursion.
  std::string long_number(1 << 20, '7');
  EXPECT_EQ(to_yaml(OrderedJson(long_number)), "\"" + long_number + "\"\n");
}

TEST(ComposeConfigOutput, DurationsPrintAsGoDoes) {
  EXPECT_EQ(format_duration(*parse_duration("90s")), "1m30s");
  EXPECT_EQ(format_duration(*parse_duration("1h")), "1h0m0s");
  EXPECT_EQ(format_duration(*parse_duration("1.5s")), "1.5s");
  EXPECT_EQ(format_duration(*parse_duration("500ms")), "500ms");
  EXPECT_EQ(format_duration(*parse_duration("10")), "10s");
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_FALSE(parse_duration("5x"));
  EXPECT_FALSE(parse_duration(""));
}

}  // namespace
}  // namespace berth::compose
