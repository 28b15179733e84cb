#include "pond/neat/genome_io.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include "pond/core/file_io.hpp"
#include "pond/core/grid_archive.hpp"

using namespace pond;
using namespace pond::neat;
using nlohmann::json;

namespace {

/// 3 inputs (ids 0..2), 2 outputs (3, 4), hidden nodes 7 and 12, five connections with gaps in the
/// innovations, one disabled, weights chosen to need every digit.
Genome hand_built() {
  Genome g = Genome::empty(3, 2, Activation::tanh);
  g.nodes.push_back({7, NodeKind::hidden, Activation::gaussian});
  g.nodes.push_back({12, NodeKind::hidden, Activation::sine});
  g.connections = {
      {1, 0, 3, 0.25, true},
      {2, 1, 7, -1.0 / 3.0, true},
      {5, 7, 4, 0.1, false},
      {9, 2, 12, 1e-300, true},
      {40, 12, 7, -0.0, true},
  };
  g.validate();
  return g;
}

/// Any finite double, drawn from its bit pattern so that every exponent (subnormals included) and
/// every mantissa is equally likely: the hardest case for a decimal round trip.
double random_finite_double(std::mt19937_64& rng) {
  for (;;) {
    const double x = std::bit_cast<double>(rng());
    if (std::isfinite(x)) return x;
  }
}

/// A random valid genome: random sizes, id and innovation gaps, activations, enabled flags, and
/// weights that are a mix of ordinary values and arbitrary bit patterns.
Genome random_genome(std::mt19937_64& rng) {
  auto below = [&](std::uint64_t n) { return static_cast<std::uint32_t>(rng() % n); };
  Genome g = Genome::empty(1 + below(6), 1 + below(4), static_cast<Activation>(below(activation_count)));
  std::uint32_t next_id = g.inputs + g.outputs;
  const std::uint32_t hidden = below(8);
  for (std::uint32_t h = 0; h < hidden; ++h) {
    next_id += below(5);
    g.nodes.push_back({next_id++, NodeKind::hidden, static_cast<Activation>(below(activation_count))});
  }
  std::set<std::pair<std::uint32_t, std::uint32_t>> links;
  std::uint64_t innovation = rng() % 3;
  const std::uint32_t tries = below(40);
  for (std::uint32_t t = 0; t < tries; ++t) {
    const NodeGene& from = g.nodes[below(g.nodes.size())];
    const NodeGene& to = g.nodes[g.inputs + below(g.nodes.size() - g.inputs)];
    if (!links.insert({from.id, to.id}).second) continue;
    innovation += 1 + rng() % 4;
    const double weight = rng() % 2 ? random_finite_double(rng) : std::normal_distribution<double>(0.0, 2.0)(rng);
    g.connections.push_back({innovation, from.id, to.id, weight, rng() % 4 != 0});
  }
  g.validate();
  return g;
}

/// True when the weights of `a` and `b` are the same bits (operator== treats 0.0 and -0.0 as equal).
void expect_same_weight_bits(const Genome& a, const Genome& b) {
  ASSERT_EQ(a.connections.size(), b.connections.size());
  for (std::size_t i = 0; i < a.connections.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.connections[i].weight), std::bit_cast<std::uint64_t>(b.connections[i].weight))
        << "connection " << i << ": " << a.connections[i].weight;
  }
}

Genome through_text(const Genome& g, int indent = -1) {
  return genome_from_json(json::parse(genome_to_json(g).dump(indent)), "mem");
}

Genome through_binary(const Genome& g) {
  BinaryWriter w;
  SolutionCodec<Genome>::write(w, g);
  BinaryReader r(w.bytes(), "mem");
  Genome out;
  SolutionCodec<Genome>::read(r, out);
  EXPECT_EQ(r.remaining(), 0u);
  return out;
}

/// The FormatError message of `f`, or a failure when it throws nothing or something else.
std::string format_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const FormatError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected FormatError, got: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected FormatError, nothing was thrown";
  return {};
}

/// A fresh empty folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("pond_genome_io_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST(GenomeIoJson, WritesTheDocumentedLayout) {
  const json j = genome_to_json(hand_built());
  EXPECT_EQ(j.at("format"), "pond-neat-genome");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("inputs"), 3);
  EXPECT_EQ(j.at("outputs"), 2);
  ASSERT_EQ(j.at("nodes").size(), 7u);  // every node, inputs and outputs included
  EXPECT_EQ(j["nodes"][0], json({{"id", 0}, {"kind", "input"}, {"activation", "identity"}}));
  EXPECT_EQ(j["nodes"][3], json({{"id", 3}, {"kind", "output"}, {"activation", "tanh"}}));
  EXPECT_EQ(j["nodes"][5], json({{"id", 7}, {"kind", "hidden"}, {"activation", "gaussian"}}));
  EXPECT_EQ(j["nodes"][6], json({{"id", 12}, {"kind", "hidden"}, {"activation", "sine"}}));
  ASSERT_EQ(j.at("connections").size(), 5u);
  EXPECT_EQ(j["connections"][2],
            json({{"innovation", 5}, {"from", 7}, {"to", 4}, {"weight", 0.1}, {"enabled", false}}));
  EXPECT_EQ(j.size(), 6u);
}

TEST(GenomeIoJson, RoundTripsHandBuiltGenome) {
  const Genome g = hand_built();
  EXPECT_EQ(genome_from_json(genome_to_json(g), "mem"), g);
  const Genome back = through_text(g, 2);
  EXPECT_EQ(back, g);
  expect_same_weight_bits(back, g);
  EXPECT_TRUE(std::signbit(back.connections[4].weight));  // -0.0 stays negative
}

TEST(GenomeIoJson, RoundTripsEmptyGenome) {
  const Genome g = Genome::empty(4, 1);
  EXPECT_EQ(through_text(g), g);
}

TEST(GenomeIoJson, RoundTripsRandomGenomesThroughText) {
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 200; ++i) {
    const Genome g = random_genome(rng);
    const Genome back = through_text(g, i % 2 ? 2 : -1);
    ASSERT_EQ(back, g) << "genome " << i;
    expect_same_weight_bits(back, g);
  }
}

TEST(GenomeIoJson, WeightsRoundTripExactlyThroughText) {
  std::mt19937_64 rng(7);
  Genome g = Genome::empty(1, 1);
  // One genome can hold a single link per (from, to), so spread 5000 weights over many genomes of
  // one connection each, plus the awkward values explicitly.
  std::vector<double> weights = {0.1,
                                 1.0 / 3.0,
                                 -0.0,
                                 std::numeric_limits<double>::min(),
                                 std::numeric_limits<double>::denorm_min(),
                                 -std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::lowest(),
                                 std::numeric_limits<double>::epsilon(),
                                 1.0 + std::numeric_limits<double>::epsilon(),
                                 9007199254740993.0,
                                 123456789012345678.0};
  for (int i = 0; i < 5000; ++i) weights.push_back(random_finite_double(rng));
  for (double w : weights) {
    g.connections = {{1, 0, 1, w, true}};
    const Genome back = through_text(g);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(back.connections.at(0).weight), std::bit_cast<std::uint64_t>(w)) << w;
  }
}

TEST(GenomeIoJson, AcceptsIntegersBuiltInCode) {
  // A document built in C++ holds signed integers (and a weight may be a plain integer); both read.
  json j = genome_to_json(hand_built());
  j["inputs"] = static_cast<int>(3);
  j["connections"][0]["weight"] = static_cast<int>(2);
  const Genome g = genome_from_json(j, "mem");
  EXPECT_EQ(g.inputs, 3u);
  EXPECT_EQ(g.connections[0].weight, 2.0);
}

TEST(GenomeIoJson, MalformedDocumentsGiveSpecificMessages) {
  struct Case {
    const char* name;
    std::function<void(json&)> edit;
    std::string message;  // the whole expected message
  };
  const std::vector<Case> cases = {
      {"wrong format", [](json& j) { j["format"] = "pond-archive"; },
       "genome.json: format: expected \"pond-neat-genome\" (got \"pond-archive\"): this is not a pond NEAT genome"},
      {"missing format", [](json& j) { j.erase("format"); }, "genome.json: format: missing"},
      {"newer version", [](json& j) { j["version"] = 2; }, "genome.json: unsupported version 2 (this pond reads 1)"},
      {"version zero", [](json& j) { j["version"] = 0; }, "genome.json: unsupported version 0 (this pond reads 1)"},
      {"version as string", [](json& j) { j["version"] = "1"; },
       "genome.json: version: expected a non-negative integer (got \"1\")"},
      {"missing inputs", [](json& j) { j.erase("inputs"); }, "genome.json: inputs: missing"},
      {"negative outputs", [](json& j) { j["outputs"] = -2; },
       "genome.json: outputs: expected a non-negative integer (got -2)"},
      {"unknown top-level field", [](json& j) { j["fitness"] = 3; }, "genome.json: unknown field 'fitness'"},
      {"nodes not an array", [](json& j) { j["nodes"] = json::object(); },
       "genome.json: nodes: expected an array (got {})"},
      {"node not an object", [](json& j) { j["nodes"][2] = 5; }, "genome.json: nodes[2]: expected an object (got 5)"},
      {"missing activation", [](json& j) { j["nodes"][4].erase("activation"); },
       "genome.json: nodes[4].activation: missing"},
      {"unknown activation", [](json& j) { j["nodes"][5]["activation"] = "relu"; },
       "genome.json: nodes[5].activation: unknown activation 'relu' (known: sigmoid, tanh, sine, cosine, gaussian, "
       "abs, identity)"},
      {"unknown kind", [](json& j) { j["nodes"][0]["kind"] = "bias"; },
       "genome.json: nodes[0].kind: unknown node kind 'bias' (known: input, output, hidden)"},
      {"kind not a string", [](json& j) { j["nodes"][1]["kind"] = 0; },
       "genome.json: nodes[1].kind: expected a string (got 0)"},
      {"node id beyond 32 bits", [](json& j) { j["nodes"][6]["id"] = 4294967296ULL; },
       "genome.json: nodes[6].id: 4294967296 is out of range (at most 4294967295)"},
      {"unknown node field", [](json& j) { j["nodes"][1]["bias"] = 0.5; },
       "genome.json: nodes[1]: unknown field 'bias'"},
      {"weight as string", [](json& j) { j["connections"][3]["weight"] = "0.5"; },
       "genome.json: connections[3].weight: expected a number (got \"0.5\")"},
      {"weight null", [](json& j) { j["connections"][1]["weight"] = nullptr; },
       "genome.json: connections[1].weight: expected a number (got null)"},
      {"enabled as number", [](json& j) { j["connections"][0]["enabled"] = 1; },
       "genome.json: connections[0].enabled: expected true or false (got 1)"},
      {"fractional innovation", [](json& j) { j["connections"][2]["innovation"] = 1.5; },
       "genome.json: connections[2].innovation: expected a non-negative integer (got 1.5)"},
      {"missing target", [](json& j) { j["connections"][4].erase("to"); }, "genome.json: connections[4].to: missing"},
      {"misspelt field", [](json& j) { j["connections"][0]["wieght"] = 1.0; },
       "genome.json: connections[0]: unknown field 'wieght'"},
      {"duplicate link", [](json& j) { j["connections"][1]["from"] = 0; j["connections"][1]["to"] = 3; },
       "genome.json: genome: connection 2: duplicate link 0 -> 3"},
      {"link into an input", [](json& j) { j["connections"][0]["to"] = 1; },
       "genome.json: genome: connection 1: targets input node 1"},
      {"missing node", [](json& j) { j["connections"][0]["from"] = 99; },
       "genome.json: genome: connection 1: source node 99 does not exist"},
      {"innovations out of order", [](json& j) { j["connections"][1]["innovation"] = 1; },
       "genome.json: genome: connection 1: innovations must be unique and increasing"},
      {"hidden node in the outputs' place", [](json& j) { j["nodes"][4]["kind"] = "hidden"; },
       "genome.json: genome: node 4 at position 4 has the wrong kind"},
  };
  for (const Case& c : cases) {
    json j = genome_to_json(hand_built());
    c.edit(j);
    EXPECT_EQ(format_error_of([&] { genome_from_json(j, "genome.json"); }), c.message) << c.name;
  }
  EXPECT_EQ(format_error_of([] { genome_from_json(json::array(), "g.json"); }),
            "g.json: expected a JSON object holding a genome");
}

TEST(GenomeIoBinary, RoundTripsHandBuiltAndRandomGenomes) {
  const Genome g = hand_built();
  const Genome back = through_binary(g);
  EXPECT_EQ(back, g);
  expect_same_weight_bits(back, g);

  std::mt19937_64 rng(99);
  for (int i = 0; i < 300; ++i) {
    const Genome r = random_genome(rng);
    const Genome rb = through_binary(r);
    ASSERT_EQ(rb, r) << "genome " << i;
    expect_same_weight_bits(rb, r);
  }
}

TEST(GenomeIoBinary, ReadsSeveralGenomesInSequenceReusingOneObject) {
  // Archives read every elite into the same object, so a read must replace all previous contents.
  std::mt19937_64 rng(5);
  std::vector<Genome> genomes = {hand_built(), Genome::empty(2, 1)};
  for (int i = 0; i < 20; ++i) genomes.push_back(random_genome(rng));
  BinaryWriter w;
  for (const Genome& g : genomes) SolutionCodec<Genome>::write(w, g);
  BinaryReader r(w.bytes(), "mem");
  Genome into = hand_built();
  for (const Genome& g : genomes) {
    SolutionCodec<Genome>::read(r, into);
    ASSERT_EQ(into, g);
  }
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(GenomeIoBinary, LayoutIsCompact) {
  const Genome g = hand_built();
  BinaryWriter w;
  SolutionCodec<Genome>::write(w, g);
  // inputs, outputs, 2 counts; 6 bytes per node; 25 bytes per connection.
  EXPECT_EQ(w.bytes().size(), 4u + 4u + 8u + 8u + 6u * g.nodes.size() + 25u * g.connections.size());
}

TEST(GenomeIoBinary, CodecDelegatesToTheJsonForm) {
  EXPECT_STREQ(SolutionCodec<Genome>::name, "neat-genome");
  const Genome g = hand_built();
  EXPECT_EQ(SolutionCodec<Genome>::to_json(g), genome_to_json(g));
  EXPECT_EQ(SolutionCodec<Genome>::from_json(genome_to_json(g)), g);
  json bad = genome_to_json(g);
  bad["connections"][0]["weight"] = true;
  EXPECT_EQ(format_error_of([&] { SolutionCodec<Genome>::from_json(bad); }),
            "genome: connections[0].weight: expected a number (got true)");
}

namespace {

/// Byte offsets in the encoding of `hand_built()` (see the layout in genome_io.hpp).
constexpr std::size_t kNodesStart = 16;
constexpr std::size_t kConnectionsStart = kNodesStart + 6 * 7 + 8;

std::string encoded_hand_built() {
  BinaryWriter w;
  SolutionCodec<Genome>::write(w, hand_built());
  return w.take();
}

std::string binary_error_of(const std::string& bytes) {
  return format_error_of([&] {
    BinaryReader r(bytes, "ckpt.bin");
    Genome g;
    SolutionCodec<Genome>::read(r, g);
  });
}

template <class T>
void poke(std::string& bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

}  // namespace

TEST(GenomeIoBinary, EveryTruncationIsRejectedWithTheSource) {
  const std::string bytes = encoded_hand_built();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::string message = binary_error_of(bytes.substr(0, n));
    EXPECT_EQ(message.rfind("ckpt.bin: ", 0), 0u) << n << ": " << message;
    const bool names_truncation = message.find("truncated") != std::string::npos;
    EXPECT_TRUE(names_truncation) << n << ": " << message;
  }
  EXPECT_EQ(binary_error_of(bytes.substr(0, 6)), "ckpt.bin: truncated while reading genome outputs (at byte 4)");
  // A count is checked against the bytes left before anything is read, so a cut inside the records
  // is caught at the count.
  EXPECT_EQ(binary_error_of(bytes.substr(0, kConnectionsStart + 20)),
            "ckpt.bin: genome connection count 5 exceeds what the remaining 20 bytes can hold: the data is truncated "
            "or corrupt (at byte 66)");
}

TEST(GenomeIoBinary, CorruptBytesGiveSpecificMessages) {
  struct Case {
    const char* name;
    std::function<void(std::string&)> edit;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"bad kind byte", [](std::string& b) { poke<std::uint8_t>(b, kNodesStart + 6 * 2 + 4, 9); },
       "ckpt.bin: genome node 2: bad kind byte 9 (at byte 33)"},
      {"bad activation byte", [](std::string& b) { poke<std::uint8_t>(b, kNodesStart + 6 * 5 + 5, 200); },
       "ckpt.bin: genome node 7: bad activation byte 200 (at byte 52)"},
      {"bad enabled byte", [](std::string& b) { poke<std::uint8_t>(b, kConnectionsStart + 24, 2); },
       "ckpt.bin: genome connection 1: bad enabled byte 2 (at byte 91)"},
      {"huge node count", [](std::string& b) { poke<std::uint64_t>(b, 8, std::uint64_t{1} << 60); },
       "ckpt.bin: genome node count 1152921504606846976 exceeds what the remaining 175 bytes can hold: the data is "
       "truncated or corrupt (at byte 16)"},
      {"huge connection count",
       [](std::string& b) { poke<std::uint64_t>(b, kConnectionsStart - 8, std::numeric_limits<std::uint64_t>::max()); },
       "ckpt.bin: genome connection count 18446744073709551615 exceeds what the remaining 125 bytes can hold: the "
       "data is truncated or corrupt (at byte 66)"},
      {"duplicate link", [](std::string& b) {
         poke<std::uint32_t>(b, kConnectionsStart + 25 + 8, 0);
         poke<std::uint32_t>(b, kConnectionsStart + 25 + 12, 3);
       },
       "ckpt.bin: genome: connection 2: duplicate link 0 -> 3 (at byte 191)"},
      {"non-finite weight",
       [](std::string& b) { poke<double>(b, kConnectionsStart + 16, std::numeric_limits<double>::infinity()); },
       "ckpt.bin: genome: connection 1: weight is not finite (at byte 191)"},
      {"unsorted nodes", [](std::string& b) { poke<std::uint32_t>(b, kNodesStart + 6 * 6, 6); },
       "ckpt.bin: genome: node ids must be unique and increasing (at id 6) (at byte 191)"},
  };
  const std::string good = encoded_hand_built();
  ASSERT_EQ(good.size(), 191u);
  for (const Case& c : cases) {
    std::string bytes = good;
    c.edit(bytes);
    EXPECT_EQ(binary_error_of(bytes), c.message) << c.name;
  }
}

TEST(GenomeIoBinary, GridArchiveOfGenomesSavesAndLoads) {
  // The point of the codec: an archive generic over the solution type checkpoints genomes.
  GridOptions options{.dims = {4, 4}, .lower = {0, 0}, .upper = {1, 1}};
  GridArchive<Genome> archive(options);
  std::mt19937_64 rng(3);
  std::vector<Genome> genomes;
  std::vector<Parents> parents;
  std::vector<double> objectives, descriptors;
  for (int i = 0; i < 10; ++i) {
    genomes.push_back(random_genome(rng));
    parents.push_back({no_parent, no_parent});
    objectives.push_back(i);
    descriptors.push_back((i % 4) / 4.0 + 0.1);
    descriptors.push_back((i / 4) / 4.0 + 0.1);
  }
  std::vector<AddStatus> status(genomes.size());
  archive.add({}, genomes, parents, objectives, descriptors, status, {});
  ASSERT_EQ(archive.size(), 10u);

  BinaryWriter w;
  archive.save(w);
  GridArchive<Genome> loaded(options);
  BinaryReader r(w.bytes(), "archive.bin");
  loaded.load(r);
  EXPECT_EQ(r.remaining(), 0u);
  ASSERT_EQ(loaded.size(), archive.size());
  for (std::size_t slot = 0; slot < archive.size(); ++slot) {
    EXPECT_EQ(loaded.elites().solution(slot), archive.elites().solution(slot));
  }
  const json snapshot = loaded.to_json();
  EXPECT_EQ(genome_from_json(snapshot["elites"][0]["solution"], "snapshot"), archive.elites().solution(0));
}

TEST(GenomeIoFile, SaveAndLoadRoundTrip) {
  TempDir dir;
  const auto path = dir.path() / "genome.json";
  std::mt19937_64 rng(11);
  for (const Genome& g : {hand_built(), random_genome(rng), random_genome(rng)}) {
    save_genome(g, path);
    const Genome back = load_genome(path);
    EXPECT_EQ(back, g);
    expect_same_weight_bits(back, g);
  }
  // Only the genome is left: the atomic write cleaned up its temporary file.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 1);
}

TEST(GenomeIoFile, FileIsPrettyPrintedWithATrailingNewline) {
  TempDir dir;
  const auto path = dir.path() / "g.json";
  save_genome(hand_built(), path);
  const std::string text = read_file(path);
  EXPECT_EQ(text, genome_to_json(hand_built()).dump(2) + "\n");
  EXPECT_EQ(text.rfind("{\n  \"connections\": [\n    {\n      \"enabled\": true,", 0), 0u) << text.substr(0, 80);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\"format\": \"pond-neat-genome\""), std::string::npos);
}

TEST(GenomeIoFile, ErrorsNameTheFile) {
  TempDir dir;
  const auto missing = dir.path() / "missing.json";
  try {
    load_genome(missing);
    FAIL() << "expected pond::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }

  const auto broken = dir.path() / "broken.json";
  write_file_atomic(broken, "{\"format\": \"pond-neat-genome\",");
  const std::string parse_message = format_error_of([&] { load_genome(broken); });
  EXPECT_EQ(parse_message.rfind(broken.string() + ": not valid JSON: parse error at line 1", 0), 0u) << parse_message;

  const auto newer = dir.path() / "newer.json";
  json j = genome_to_json(hand_built());
  j["version"] = 7;
  write_file_atomic(newer, j.dump(2));
  EXPECT_EQ(format_error_of([&] { load_genome(newer); }), newer.string() + ": unsupported version 7 (this pond reads 1)");
}

TEST(GenomeIoFile, RefusesToSaveAnInvalidGenome) {
  TempDir dir;
  const auto path = dir.path() / "bad.json";
  Genome g = hand_built();
  g.connections.push_back(g.connections.front());  // same innovation again
  try {
    save_genome(g, path);
    FAIL() << "expected pond::Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot save " + path.string() + ": genome: ", 0), 0u) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}
