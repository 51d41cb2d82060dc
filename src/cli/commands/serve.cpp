// `berth serve [--listen ADDR:PORT] [--domain DOMAIN] [--event-loops N]
// [--max-connections-per-ip N] [--default-sleep D] [--freeze-ttl D] [--sleep-memory-floor B]
// [--sleep-check-interval D] [--keep-deploys N] [--rollback-window SECONDS] [--lfs-quota B]`:
// the Spaces server in the foreground.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/spec/container_config.hpp"
#include "server/spaces_server.hpp"

namespace berth::cli {

namespace {

// The sleep flags as given; parsed when the command runs, so errors name the flag.
struct SleepFlags {
  std::string default_sleep = "48h";
  std::string freeze_ttl = "1h";
  std::string memory_floor = "256m";
  std::string check_interval = "2s";
};

// --lfs-quota as given.
struct StorageFlags {
  std::string lfs_quota = "10g";
};

}  // namespace

CLI::App* add_serve(CLI::App& app, Context& ctx) {
  auto options = std::make_shared<server::ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve Docker Spaces: the API, git, and the proxy");
  cmd->add_option("--listen", options->listen, "Address and port to listen on")
      ->capture_default_str();
  cmd->add_option("--domain", options->domain,
                  "Spaces are served at {owner}-{name}.DOMAIN (*.localhost needs no DNS)")
      ->capture_default_str();
  cmd->add_option("--event-loops", options->event_loops,
                  "Threads that proxy Spaces' traffic (0: half the CPUs, at least one)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cmd->add_option("--max-connections-per-ip", options->max_connections_per_ip,
                  "Open connections one client address (IPv6: one /64) may hold; more are "
                  "answered 503 (0: no limit)")
      ->capture_default_str();
  cmd->add_flag("--allow-private-egress", options->allow_private_egress,
                "Let Spaces reach link-local (cloud metadata) and private addresses; applies "
                "to Space networks made from now on");
  cmd->add_option("--allow-registry", options->trusted_registries,
                  "A registry (HOST[:PORT]) Space builds may pull from although it is at a "
                  "private or loopback address (your own registry or mirror); repeatable");
  auto sleep = std::make_shared<SleepFlags>();
  cmd->add_option("--default-sleep", sleep->default_sleep,
                  "How long a cpu-basic Space without a sleep time of its own may go without a "
                  "visit before it sleeps (a duration such as 48h, 30m, 90s, or never); other "
                  "flavors never sleep unless their owner says so")
      ->capture_default_str();
  cmd->add_option("--freeze-ttl", sleep->freeze_ttl,
                  "How long a sleeping Space stays frozen (memory kept, woken in milliseconds) "
                  "before it is stopped (woken by starting it)")
      ->capture_default_str();
  cmd->add_option("--sleep-memory-floor", sleep->memory_floor,
                  "Below this much available memory, the longest-frozen Space is stopped (0: "
                  "never)")
      ->capture_default_str();
  cmd->add_option("--sleep-check-interval", sleep->check_interval,
                  "How often idle Spaces are looked for: the precision of sleep times")
      ->capture_default_str();
  cmd->add_option("--keep-deploys", options->keep_deploys,
                  "How many of a Space's most recent deploys keep their images, for "
                  "`berth space rollback` (the serving one included)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--rollback-window", options->rollback_window_seconds,
                  "A pushed version whose app exits within this many seconds of serving is "
                  "rolled back to the one before it (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  auto storage = std::make_shared<StorageFlags>();
  cmd->add_option("--lfs-quota", storage->lfs_quota,
                  "The most a Space's Git LFS objects may take (such as 10g or 500m; 0: no "
                  "quota); an upload past it is refused with 507")
      ->capture_default_str();
  cmd->callback([&ctx, options, sleep, storage] {
    options->sleep.default_sleep =
        spaces::parse_sleep_setting(sleep->default_sleep, "--default-sleep");
    auto ttl = spaces::parse_sleep_setting(sleep->freeze_ttl, "--freeze-ttl");
    if (!ttl) throw InvalidArgumentError("--freeze-ttl never: give a duration such as 1h");
    options->sleep.freeze_ttl = *ttl;
    auto interval = spaces::parse_sleep_setting(sleep->check_interval, "--sleep-check-interval");
    if (!interval) throw InvalidArgumentError("--sleep-check-interval never: give a duration");
    options->sleep.check_interval = *interval;
    options->sleep.memory_floor_bytes = with_context(
        "--sleep-memory-floor", [&] { return runtime::parse_memory_size(sleep->memory_floor); });
    options->lfs_quota_bytes = static_cast<std::uint64_t>(with_context(
        "--lfs-quota", [&] { return runtime::parse_memory_size(storage->lfs_quota); }));
    ctx.images();  // creates the root and migrates the schema first
    options->root = std::filesystem::absolute(ctx.root());
    options->engine = engine::EngineConfig::for_this_process(options->root);
    // SIGINT/SIGTERM go to one thread that stops the server; the others never see them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);  // a client that left is a write error, not a death

    server::SpacesServer spaces_server(*options);
    std::thread signal_watcher([&spaces_server, stop_signals] {
      int signal = 0;
      sigwait(&stop_signals, &signal);
      std::cerr << "berth serve: stopping (Spaces keep running)\n";
      spaces_server.stop();
    });
    std::cerr << "berth serve: listening on " << options->listen << " (port "
              << spaces_server.port() << "), Spaces at http://{owner}-{name}." << options->domain
              << "\n";
    spaces_server.run();
    // run() returned: either a signal stopped it or the listener failed; wake the watcher.
    pthread_kill(signal_watcher.native_handle(), SIGTERM);
    signal_watcher.join();
  });
  return cmd;
}

}  // namespace berth::cli
