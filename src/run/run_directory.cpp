#include "pond/run/run_directory.hpp"

#include "pond/run/experiment.hpp"

#include "pond/core/file_io.hpp"

#ifndef POND_VERSION
#define POND_VERSION "unknown"
#endif

namespace pond {

const char* version() noexcept { return POND_VERSION; }

RunDirectory RunDirectory::create(const std::filesystem::path& dir, const RunConfig& config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir / "run.json", ec)) {
    throw Error(dir.string() + " already holds a run (run.json exists); continue it with 'pond resume " +
                dir.string() + "' or choose another --out");
  }
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) throw Error(dir.string() + " exists and is not a folder");
    if (!fs::is_empty(dir, ec)) throw Error(dir.string() + " is not empty; choose an empty or new folder for --out");
  }
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message());
  RunDirectory run(dir, config);
  run.save_config();
  return run;
}

RunDirectory RunDirectory::open(const std::filesystem::path& dir) {
  const auto file = dir / "run.json";
  if (!std::filesystem::exists(file)) throw Error(dir.string() + " is not a pond run (no run.json)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_file(file));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object() || j.value("format", "") != "pond-run" || !j.contains("config")) {
    throw Error(file.string() + ": not a pond run file (expected \"format\": \"pond-run\" and a \"config\")");
  }
  return RunDirectory(dir, resolve_config(j.at("config"), file.string()));
}

void RunDirectory::save_config() const {
  const nlohmann::json j = {{"format", "pond-run"}, {"version", 1}, {"pond_version", version()}, {"config", config_.to_json()}};
  write_file_atomic(file("run.json"), j.dump(2) + "\n");
}

void RunDirectory::write_checkpoint(const Experiment& experiment, const CheckpointInfo& info) const {
  BinaryWriter out;
  out.write_header("PNDC", 3);
  out.write_string(config_.to_json().dump());
  out.write(info.metrics_bytes);
  out.write(info.next_report);
  out.write(info.seconds);
  experiment.save(out);
  out.write_checksum();
  write_file_atomic(file("checkpoint.bin"), out.bytes());
}

bool RunDirectory::has_checkpoint() const { return std::filesystem::exists(file("checkpoint.bin")); }

CheckpointInfo RunDirectory::read_checkpoint(Experiment& experiment) const {
  const std::string source = file("checkpoint.bin").string();
  const std::string bytes = read_file(file("checkpoint.bin"));
  BinaryReader in(checked_body(bytes, source), source);
  // Version 2 added the first-solution counter to the scheduler state, version 3 the genealogy.
  if (const auto v = in.read_header("PNDC", 3); v < 3) {
    in.fail("checkpoint version " + std::to_string(v) + " was written by an older pond; start the run again");
  }
  const std::string saved_config = in.read_string("config");
  // Only what cannot change the search may differ between a checkpoint and a resume: the budget (to
  // extend a run), the threads and the checkpoint interval.
  nlohmann::json saved, current = config_.to_json();
  try {
    saved = nlohmann::json::parse(saved_config);
  } catch (const nlohmann::json::parse_error&) {
    in.fail("config is not valid JSON");
  }
  for (const char* free_field : {"evals", "threads", "checkpoint_every"}) {
    saved.erase(free_field);
    current.erase(free_field);
  }
  if (saved != current) in.fail("the checkpoint belongs to a different configuration than run.json");
  CheckpointInfo info;
  info.metrics_bytes = in.read<std::uint64_t>("metrics length");
  info.next_report = in.read<std::uint64_t>("next report");
  info.seconds = in.read<double>("seconds");
  experiment.load(in);
  if (in.remaining() != 0) in.fail("unexpected data after the checkpoint");
  return info;
}

}  // namespace pond
