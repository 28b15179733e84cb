#include "pond/run/archive_io.hpp"

#include "pond/core/cvt_archive.hpp"
#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/neat/genome_io.hpp"

namespace pond {

template <class S>
std::unique_ptr<Archive<S>> make_archive(const nlohmann::json& config, const std::string& source) {
  try {
    const std::string kind = config.at("kind").get<std::string>();
    if (kind == "grid") {
      return std::make_unique<GridArchive<S>>(GridOptions{.dims = config.at("dims").get<std::vector<std::size_t>>(),
                                                                .lower = config.at("lower").get<std::vector<double>>(),
                                                                .upper = config.at("upper").get<std::vector<double>>(),
                                                                .qd_offset = config.at("qd_offset").get<double>()});
    }
    if (kind == "cvt") {
      return std::make_unique<CvtArchive<S>>(CvtOptions{.cells = config.at("cells").get<std::size_t>(),
                                                              .lower = config.at("lower").get<std::vector<double>>(),
                                                              .upper = config.at("upper").get<std::vector<double>>(),
                                                              .samples = config.at("samples").get<std::size_t>(),
                                                              .iterations = config.at("iterations").get<std::size_t>(),
                                                              .seed = config.at("seed").get<std::uint64_t>(),
                                                              .qd_offset = config.at("qd_offset").get<double>()});
    }
    if (kind == "novelty") {
      return std::make_unique<NoveltyArchive<S>>(
          NoveltyOptions{.descriptor_dim = config.at("descriptor_dim").get<std::size_t>(),
                         .k = config.at("k").get<std::size_t>(),
                         .initial_threshold = config.at("initial_threshold").get<double>(),
                         .min_threshold = config.at("min_threshold").get<double>(),
                         .stall_evaluations = config.at("stall_evaluations").get<std::uint64_t>(),
                         .lower_factor = config.at("lower_factor").get<double>(),
                         .window_evaluations = config.at("window_evaluations").get<std::uint64_t>(),
                         .raise_after = config.at("raise_after").get<std::size_t>(),
                         .raise_factor = config.at("raise_factor").get<double>(),
                         .metric = metric_from_string(config.at("metric").get<std::string>()),
                         .qd_offset = config.at("qd_offset").get<double>()});
    }
    throw Error(source + ": unknown archive kind '" + kind + "'");
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(source + ": invalid archive config: " + e.what());
  } catch (const std::invalid_argument& e) {
    throw FormatError(source + ": invalid archive config: " + e.what());
  }
}

template <class S>
std::string write_archive_bytes(const Archive<S>& archive) {
  BinaryWriter out;
  out.write_header("PNDA", 1);
  out.write_string(archive.config().dump());
  archive.save(out);
  out.write_checksum();
  return out.take();
}

template <class S>
std::unique_ptr<Archive<S>> read_archive_bytes(std::string_view bytes, const std::string& source) {
  BinaryReader in(checked_body(bytes, source), source);
  in.read_header("PNDA", 1);
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(in.read_string("archive config"));
  } catch (const nlohmann::json::parse_error&) {
    in.fail("archive config is not valid JSON");
  }
  auto archive = make_archive<S>(config, source);
  archive->load(in);
  if (in.remaining() != 0) in.fail("unexpected data after the archive");
  return archive;
}

std::string archive_solution_type(std::string_view bytes, const std::string& source) {
  BinaryReader in(checked_body(bytes, source), source);
  in.read_header("PNDA", 1);
  in.read_string("archive config");
  return in.read_string("solution type");  // the first field Archive::save writes
}

template std::unique_ptr<Archive<Vector>> make_archive<Vector>(const nlohmann::json&, const std::string&);
template std::unique_ptr<Archive<neat::Genome>> make_archive<neat::Genome>(const nlohmann::json&, const std::string&);
template std::string write_archive_bytes<Vector>(const Archive<Vector>&);
template std::string write_archive_bytes<neat::Genome>(const Archive<neat::Genome>&);
template std::unique_ptr<Archive<Vector>> read_archive_bytes<Vector>(std::string_view, const std::string&);
template std::unique_ptr<Archive<neat::Genome>> read_archive_bytes<neat::Genome>(std::string_view, const std::string&);

}  // namespace pond
