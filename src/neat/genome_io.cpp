#include "pond/neat/genome_io.hpp"

#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>

#include "pond/core/error.hpp"
#include "pond/core/file_io.hpp"

namespace pond::neat {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kKindNames = {"input", "output", "hidden"};

std::string_view kind_name(NodeKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : std::string_view("unknown");
}

std::string join_names(auto&& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string all_activation_names() {
  std::array<std::string_view, activation_count> names{};
  for (std::size_t i = 0; i < activation_count; ++i) names[i] = to_string(static_cast<Activation>(i));
  return join_names(names);
}

/// Reads one JSON document on behalf of `genome_from_json`, remembering the source so that every
/// error can say where it is ("SOURCE: connections[3].weight: ...").
class JsonReader {
 public:
  explicit JsonReader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw FormatError(source_ + ": " + (where.empty() ? "" : where + ": ") + what);
  }

  /// The member `key` of the object `obj` (at `where`), which must be present.
  const json& field(const json& obj, const std::string& where, const char* key) const {
    const auto it = obj.find(key);
    if (it == obj.end()) fail(path(where, key), "missing");
    return *it;
  }

  /// Rejects members of `obj` other than `known`: there are no optional fields, so anything else
  /// is a typo or a document from another tool.
  void only(const json& obj, const std::string& where, std::initializer_list<const char*> known) const {
    for (const auto& [key, value] : obj.items()) {
      bool ok = false;
      for (const char* k : known) ok = ok || key == k;
      if (!ok) fail(where, "unknown field '" + key + "'");
    }
  }

  void expect_object(const json& v, const std::string& where) const {
    if (!v.is_object()) fail(where, "expected an object" + got(v));
  }

  const json& array_field(const json& obj, const std::string& where, const char* key) const {
    const json& v = field(obj, where, key);
    if (!v.is_array()) fail(path(where, key), "expected an array" + got(v));
    return v;
  }

  /// A non-negative integer no larger than `max`. Accepts both of nlohmann's integer kinds (a parsed
  /// document holds unsigned ones, a document built in C++ from `int` holds signed ones) but no
  /// float, so "1.5" and "1.0" are both rejected rather than silently truncated.
  std::uint64_t uint_field(const json& obj, const std::string& where, const char* key, std::uint64_t max) const {
    const json& v = field(obj, where, key);
    std::uint64_t n = 0;
    if (v.is_number_unsigned()) {
      n = v.get<std::uint64_t>();
    } else if (v.is_number_integer() && v.get<std::int64_t>() >= 0) {
      n = static_cast<std::uint64_t>(v.get<std::int64_t>());
    } else {
      fail(path(where, key), "expected a non-negative integer" + got(v));
    }
    if (n > max) fail(path(where, key), std::to_string(n) + " is out of range (at most " + std::to_string(max) + ")");
    return n;
  }

  std::uint32_t u32_field(const json& obj, const std::string& where, const char* key) const {
    return static_cast<std::uint32_t>(uint_field(obj, where, key, std::numeric_limits<std::uint32_t>::max()));
  }

  double number_field(const json& obj, const std::string& where, const char* key) const {
    const json& v = field(obj, where, key);
    if (!v.is_number()) fail(path(where, key), "expected a number" + got(v));
    const double x = v.get<double>();
    if (!std::isfinite(x)) fail(path(where, key), "expected a finite number" + got(v));
    return x;
  }

  bool bool_field(const json& obj, const std::string& where, const char* key) const {
    const json& v = field(obj, where, key);
    if (!v.is_boolean()) fail(path(where, key), "expected true or false" + got(v));
    return v.get<bool>();
  }

  const std::string& string_field(const json& obj, const std::string& where, const char* key) const {
    const json& v = field(obj, where, key);
    if (!v.is_string()) fail(path(where, key), "expected a string" + got(v));
    return v.get_ref<const std::string&>();
  }

  static std::string path(const std::string& where, const char* key) {
    return where.empty() ? std::string(key) : where + "." + key;
  }

  static std::string index(const char* array, std::size_t i) {
    return std::string(array) + "[" + std::to_string(i) + "]";
  }

 private:
  /// " (got VALUE)", shortened so that a huge misplaced value does not flood the message.
  static std::string got(const json& v) {
    std::string text = v.dump();
    constexpr std::size_t kMax = 60;
    if (text.size() > kMax) text = text.substr(0, kMax) + "...";
    return " (got " + text + ")";
  }

  const std::string& source_;
};

/// Bytes of one node and one connection in the binary encoding, used to bound counts before
/// allocating.
constexpr std::size_t kNodeBytes = sizeof(std::uint32_t) + 2 * sizeof(std::uint8_t);
constexpr std::size_t kConnectionBytes =
    sizeof(std::uint64_t) + 2 * sizeof(std::uint32_t) + sizeof(double) + sizeof(std::uint8_t);

/// Reads a count of records of `record_bytes` each, refusing counts the remaining bytes cannot hold.
std::size_t read_count(BinaryReader& in, const char* what, std::size_t record_bytes) {
  const auto n = in.read<std::uint64_t>(what);
  if (n > in.remaining() / record_bytes) {
    in.fail(std::string(what) + " " + std::to_string(n) + " exceeds what the remaining " +
            std::to_string(in.remaining()) + " bytes can hold: the data is truncated or corrupt");
  }
  return static_cast<std::size_t>(n);
}

}  // namespace

json genome_to_json(const Genome& genome) {
  json nodes = json::array();
  for (const NodeGene& n : genome.nodes) {
    nodes.push_back({{"id", n.id}, {"kind", kind_name(n.kind)}, {"activation", to_string(n.activation)}});
  }
  json connections = json::array();
  for (const ConnectionGene& c : genome.connections) {
    connections.push_back(
        {{"innovation", c.innovation}, {"from", c.from}, {"to", c.to}, {"weight", c.weight}, {"enabled", c.enabled}});
  }
  return {{"format", genome_format_name},
          {"version", genome_format_version},
          {"inputs", genome.inputs},
          {"outputs", genome.outputs},
          {"nodes", std::move(nodes)},
          {"connections", std::move(connections)}};
}

Genome genome_from_json(const json& document, const std::string& source) {
  const JsonReader in(source);
  if (!document.is_object()) in.fail("", "expected a JSON object holding a genome");

  // Format and version come first: a document of another kind or a newer pond should be reported
  // as such, not as a confusing complaint about some field it lacks.
  const json& format = in.field(document, "", "format");
  if (!format.is_string() || format.get_ref<const std::string&>() != genome_format_name) {
    in.fail("format", std::string("expected \"") + genome_format_name + "\" (got " + format.dump() +
                          "): this is not a pond NEAT genome");
  }
  const std::uint64_t version = in.uint_field(document, "", "version", std::numeric_limits<std::uint64_t>::max());
  if (version != genome_format_version) {
    in.fail("", "unsupported version " + std::to_string(version) + " (this pond reads " +
                    std::to_string(genome_format_version) + ")");
  }
  in.only(document, "", {"format", "version", "inputs", "outputs", "nodes", "connections"});

  Genome g;
  g.inputs = in.u32_field(document, "", "inputs");
  g.outputs = in.u32_field(document, "", "outputs");

  const json& nodes = in.array_field(document, "", "nodes");
  g.nodes.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string where = JsonReader::index("nodes", i);
    const json& n = nodes[i];
    in.expect_object(n, where);
    in.only(n, where, {"id", "kind", "activation"});
    NodeGene node;
    node.id = in.u32_field(n, where, "id");
    const std::string& kind = in.string_field(n, where, "kind");
    bool known_kind = false;
    for (std::size_t k = 0; k < kKindNames.size() && !known_kind; ++k) {
      if (kKindNames[k] == kind) {
        node.kind = static_cast<NodeKind>(k);
        known_kind = true;
      }
    }
    if (!known_kind) {
      in.fail(JsonReader::path(where, "kind"), "unknown node kind '" + kind + "' (known: " + join_names(kKindNames) + ")");
    }
    const std::string& activation = in.string_field(n, where, "activation");
    const auto a = activation_from_string(activation);
    if (!a) {
      in.fail(JsonReader::path(where, "activation"),
              "unknown activation '" + activation + "' (known: " + all_activation_names() + ")");
    }
    node.activation = *a;
    g.nodes.push_back(node);
  }

  const json& connections = in.array_field(document, "", "connections");
  g.connections.reserve(connections.size());
  for (std::size_t i = 0; i < connections.size(); ++i) {
    const std::string where = JsonReader::index("connections", i);
    const json& c = connections[i];
    in.expect_object(c, where);
    in.only(c, where, {"innovation", "from", "to", "weight", "enabled"});
    ConnectionGene gene;
    gene.innovation = in.uint_field(c, where, "innovation", std::numeric_limits<std::uint64_t>::max());
    gene.from = in.u32_field(c, where, "from");
    gene.to = in.u32_field(c, where, "to");
    gene.weight = in.number_field(c, where, "weight");
    gene.enabled = in.bool_field(c, where, "enabled");
    g.connections.push_back(gene);
  }

  // Structure (ordering, ends that exist, duplicates) is checked in one place, by the genome itself.
  try {
    g.validate();
  } catch (const Error& e) {
    in.fail("", e.what());
  }
  return g;
}

void save_genome(const Genome& genome, const std::filesystem::path& path) {
  try {
    genome.validate();
  } catch (const Error& e) {
    throw Error("cannot save " + path.string() + ": " + e.what());
  }
  write_file_atomic(path, genome_to_json(genome).dump(2) + "\n");
}

Genome load_genome(const std::filesystem::path& path) {
  const std::string text = read_file(path);
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann prefixes its messages with "[json.exception.parse_error.101] "; the reader wants the
    // file and the position, not the library's error id.
    std::string_view what = e.what();
    if (const auto end = what.find("] "); !what.empty() && what.front() == '[' && end != std::string_view::npos) {
      what.remove_prefix(end + 2);
    }
    throw FormatError(path.string() + ": not valid JSON: " + std::string(what));
  }
  return genome_from_json(document, path.string());
}

void write_genome(BinaryWriter& out, const Genome& genome) {
  out.write<std::uint32_t>(genome.inputs);
  out.write<std::uint32_t>(genome.outputs);
  out.write<std::uint64_t>(genome.nodes.size());
  for (const NodeGene& n : genome.nodes) {
    out.write<std::uint32_t>(n.id);
    out.write<std::uint8_t>(static_cast<std::uint8_t>(n.kind));
    out.write<std::uint8_t>(static_cast<std::uint8_t>(n.activation));
  }
  out.write<std::uint64_t>(genome.connections.size());
  for (const ConnectionGene& c : genome.connections) {
    out.write<std::uint64_t>(c.innovation);
    out.write<std::uint32_t>(c.from);
    out.write<std::uint32_t>(c.to);
    out.write<double>(c.weight);
    // One byte with a fixed meaning rather than the bytes of a bool, whose representation is the
    // compiler's business.
    out.write<std::uint8_t>(c.enabled ? 1 : 0);
  }
}

void read_genome(BinaryReader& in, Genome& genome) {
  genome.inputs = in.read<std::uint32_t>("genome inputs");
  genome.outputs = in.read<std::uint32_t>("genome outputs");

  const std::size_t node_count = read_count(in, "genome node count", kNodeBytes);
  genome.nodes.resize(node_count);
  for (std::size_t i = 0; i < node_count; ++i) {
    NodeGene& n = genome.nodes[i];
    n.id = in.read<std::uint32_t>("genome node id");
    // Kind and activation are read as bytes and range-checked before becoming enums: an out-of-range
    // enum value would pass silently through switches elsewhere.
    const auto kind = in.read<std::uint8_t>("genome node kind");
    if (kind >= kKindNames.size()) in.fail("genome node " + std::to_string(n.id) + ": bad kind byte " + std::to_string(kind));
    n.kind = static_cast<NodeKind>(kind);
    const auto activation = in.read<std::uint8_t>("genome node activation");
    if (activation >= activation_count) {
      in.fail("genome node " + std::to_string(n.id) + ": bad activation byte " + std::to_string(activation));
    }
    n.activation = static_cast<Activation>(activation);
  }

  const std::size_t connection_count = read_count(in, "genome connection count", kConnectionBytes);
  genome.connections.resize(connection_count);
  for (std::size_t i = 0; i < connection_count; ++i) {
    ConnectionGene& c = genome.connections[i];
    c.innovation = in.read<std::uint64_t>("genome connection innovation");
    c.from = in.read<std::uint32_t>("genome connection source");
    c.to = in.read<std::uint32_t>("genome connection target");
    c.weight = in.read<double>("genome connection weight");
    const auto enabled = in.read<std::uint8_t>("genome connection enabled flag");
    if (enabled > 1) {
      in.fail("genome connection " + std::to_string(c.innovation) + ": bad enabled byte " + std::to_string(enabled));
    }
    c.enabled = enabled == 1;
  }

  try {
    genome.validate();
  } catch (const Error& e) {
    in.fail(e.what());
  }
}

}  // namespace pond::neat
