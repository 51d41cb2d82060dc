#include "build/dockerfile/expansion.hpp"

#include <functional>

#include "base/error.hpp"
#include "build/dockerfile/exposed_port.hpp"
#include "build/dockerfile/octal_mode.hpp"

namespace berth::build {

namespace {

class Expander {
 public:
  Expander(const VariableLookup& lookup, char escape) : lookup_(lookup), escape_(escape) {}

  std::string word(const std::string& text) const { return expand(text, lookup_, escape_); }

  void each(std::vector<std::string>& words) const {
    for (std::string& w : words) w = word(w);
  }

  void inline_sources(std::vector<Heredoc>& heredocs) const {
    for (Heredoc& heredoc : heredocs) {
      if (heredoc.expand) heredoc.content = expand_heredoc_body(heredoc.content, lookup_);
    }
  }

  template <typename T>
  void copy_like(T& c) const {
    each(c.sources);
    c.destination = word(c.destination);
    c.chown = word(c.chown);
    c.chmod = word(c.chmod);
    c.mode = c.chmod.empty() ? std::nullopt : std::optional<std::uint32_t>(parse_chmod(c.chmod));
    each(c.excludes);
    inline_sources(c.inline_sources);
  }

  void operator()(FromInstruction& from) const {
    from.image = word(from.image);
    from.platform = word(from.platform);
  }
  void operator()(RunInstruction& run) const {
    std::function<std::string(const std::string&)> fn = [this](const std::string& text) {
      return word(text);
    };
    run.mounts.clear();
    for (const std::string& spec : run.mount_specs)
      run.mounts.push_back(parse_run_mount(spec, &fn));
  }
  void operator()(LabelInstruction& label) const { key_values(label.labels); }
  void operator()(EnvInstruction& env) const { key_values(env.variables); }
  void operator()(ExposeInstruction& expose) const {
    std::vector<std::string> ports;
    for (const std::string& port : expose.ports) {
      for (std::string& word : expand_words(port, lookup_, escape_)) {
        parse_exposed_port(word);  // checked now that it is known
        ports.push_back(std::move(word));
      }
    }
    expose.ports = std::move(ports);
  }
  void operator()(AddInstruction& add) const {
    copy_like(add);
    add.checksum = word(add.checksum);
  }
  void operator()(CopyInstruction& copy) const { copy_like(copy); }
  void operator()(VolumeInstruction& volume) const { each(volume.paths); }
  void operator()(UserInstruction& user) const { user.user = word(user.user); }
  void operator()(WorkdirInstruction& workdir) const { workdir.path = word(workdir.path); }
  void operator()(StopSignalInstruction& stop) const { stop.signal = word(stop.signal); }
  void operator()(ArgInstruction& arg) const {
    for (ArgDefinition& definition : arg.args) {
      if (definition.default_value) definition.default_value = word(*definition.default_value);
    }
  }
  // The builder leaves the rest to the container's shell, or to a later build.
  template <typename T>
  void operator()(T&) const {}

 private:
  void key_values(std::vector<KeyValue>& pairs) const {
    for (KeyValue& pair : pairs) {
      pair.key = word(pair.key);
      pair.value = word(pair.value);
    }
  }

  const VariableLookup& lookup_;
  char escape_;
};

}  // namespace

Instruction expanded(const Instruction& instruction, const VariableLookup& lookup, char escape) {
  Instruction out = instruction;
  try {
    std::visit(Expander(lookup, escape), out.body);
  } catch (const SourceError&) {
    throw;
  } catch (const InvalidArgumentError& e) {
    throw SourceError(instruction.where, e.what());
  }
  return out;
}

}  // namespace berth::build
