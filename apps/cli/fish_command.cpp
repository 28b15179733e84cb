// `pond lineage` (the stepping stones that led to a candidate) and `pond fish` (serve a demand nobody
// planned for from a finished pond).

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>

#include "commands.hpp"
#include "pond/core/file_io.hpp"
#include "pond/run/experiment.hpp"
#include "pond/run/run_directory.hpp"

namespace pond::cli {
namespace {

// The run's experiment as its last checkpoint left it.
std::unique_ptr<Experiment> load_pond(const RunDirectory& run) {
  if (!run.has_checkpoint()) throw Error(run.path().string() + ": the run has no checkpoint yet: nothing to read the pond from");
  auto experiment = make_experiment(run.config());
  run.read_checkpoint(*experiment);
  return experiment;
}

std::string point(std::span<const double> d) { return fmt::format("({:.4g})", fmt::join(d, ", ")); }

// "X,Y" -> numbers; throws FlagError naming the flag.
std::vector<double> parse_point(const std::string& text, const std::string& flag) {
  std::vector<double> v;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    const std::string part = text.substr(begin, end - begin);
    try {
      std::size_t used = 0;
      v.push_back(std::stod(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      throw FlagError("command line: " + flag + " must be numbers separated by commas (got '" + text + "')");
    }
    begin = end + 1;
  }
  return v;
}

// A JSON file; throws pond::Error naming the file when it is not JSON.
nlohmann::json read_json_document(const std::string& path) {
  const auto j = nlohmann::json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw Error(path + ": not valid JSON");
  return j;
}

nlohmann::json record_json(const CandidateRecord& r) {
  nlohmann::json j = {{"score", r.score}, {"objective", r.objective}, {"descriptor", r.descriptor}, {"solution", r.solution}};
  if (r.id != no_parent) j["id"] = r.id;
  return j;
}

}  // namespace

Command add_lineage(CLI::App& app) {
  auto* sub = app.add_subcommand("lineage", "Print and draw the chain of stepping stones that led to a candidate");
  auto dir = std::make_shared<std::string>();
  auto id_text = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("dir", *dir, "The run directory")->required()->type_name("DIR");
  sub->add_option("--id", *id_text, "The candidate: an elite's id (as in archive.json), or 'solution' for the first solution")
      ->required()
      ->type_name("N|solution");
  sub->add_option("--out", *out, "Where to write the picture (default: DIR/lineage-N.png)")->type_name("FILE");
  sub->add_flag("--json", *json, "Print the chain as JSON instead of a table");
  return [=] {
    EliteId candidate = 0;
    const bool solution = *id_text == "solution";
    if (!solution) {
      std::size_t used = 0;
      try {
        candidate = std::stoull(*id_text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != id_text->size() || id_text->front() == '-') {
        throw FlagError("command line: --id must be a candidate id or 'solution' (got '" + *id_text + "')");
      }
    }
    const RunDirectory run = RunDirectory::open(*dir);
    const auto experiment = load_pond(run);
    if (solution) {
      if (experiment->first_solution() == 0) throw Error(run.path().string() + ": the run has no solution");
      candidate = experiment->first_solution() - 1;
    }
    const Genealogy& genealogy = experiment->genealogy();
    const auto chain = genealogy.chain(candidate);
    nlohmann::json steps = nlohmann::json::array();
    for (std::size_t index : chain) {
      const auto a = genealogy.at(index);
      nlohmann::json parents = nlohmann::json::array();
      for (EliteId p : {a.parents.first, a.parents.second}) {
        if (p != no_parent) parents.push_back(p);
      }
      steps.push_back({{"id", a.id}, {"birth", a.birth()}, {"objective", a.objective},
                       {"descriptor", std::vector<double>(a.descriptor.begin(), a.descriptor.end())}, {"parents", parents}});
    }
    std::string picture;
    const std::filesystem::path file = out->empty() ? run.file(fmt::format("lineage-{}.png", candidate)) : std::filesystem::path(*out);
    try {
      picture = experiment->lineage_png(candidate);
    } catch (const Error&) {
      // Descriptors that are not 2-D have no picture; the chain is still printed.
    }
    if (!picture.empty()) write_file_atomic(file, picture);
    if (*json) {
      std::cout << nlohmann::json{{"id", candidate}, {"chain", steps}, {"picture", picture.empty() ? "" : file.string()}}.dump(2) << '\n';
      return exit_ok;
    }
    std::cout << fmt::format("The stepping stones that led to candidate {}: {} generations, from the oldest ancestor\n", candidate,
                             chain.size());
    std::cout << fmt::format("{:>5}  {:>10}  {:>10}  {:>12}  {:<24}  {}\n", "step", "id", "birth", "objective", "descriptor",
                             "other parent");
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const auto a = genealogy.at(chain[i]);
      std::cout << fmt::format("{:>5}  {:>10}  {:>10}  {:>12.6g}  {:<24}  {}\n", i + 1, a.id, a.birth(), a.objective,
                               point(a.descriptor), a.parents.second == no_parent ? "" : std::to_string(a.parents.second));
    }
    std::cout << fmt::format("genealogy: {} records ({:.1f} kB) for {} evaluations\n", genealogy.size(),
                             static_cast<double>(genealogy.bytes()) / 1e3, experiment->evaluations());
    if (!picture.empty()) std::cout << "picture: " << file.string() << '\n';
    return exit_ok;
  };
}

Command add_fish(CLI::App& app) {
  auto* sub = app.add_subcommand("fish", "Serve a new demand from a finished pond: the best stones, then a short refinement");
  auto dir = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  auto tolerance = std::make_shared<double>(std::numeric_limits<double>::quiet_NaN());
  auto demand_file = std::make_shared<std::string>();
  auto options = std::make_shared<FishOptions>();
  auto threads = std::make_shared<std::size_t>(1);
  auto out = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  sub->add_option("dir", *dir, "The run directory that grew the pond")->required()->type_name("DIR");
  auto* target_option = sub->add_option("--target", *target, "The descriptor to reach, e.g. 120,40")->type_name("X,Y");
  sub->add_option("--tolerance", *tolerance, "How close counts as served (default: 5 for the maze, else 1% of the descriptor range)")
      ->type_name("T");
  sub->add_option("--demand", *demand_file, "A JSON demand: {\"target\": [x, y], \"tolerance\": t} or "
                                            "{\"maximize\": {\"descriptor\": [...], \"objective\": w}, \"at_least\": v}")
      ->type_name("FILE")
      ->excludes(target_option);
  sub->add_option("--k", options->k, "Stones to fish")->check(CLI::PositiveNumber)->default_val(5);
  sub->add_option("--refine", options->refine, "Refinement budget in evaluations (0: the best stone as it is)")->default_val(0);
  sub->add_option("--seed", options->seed, "The refinement's seed")->default_val(0);
  sub->add_option("--threads", *threads, "Evaluator threads (0 = all cores); never changes the result")->default_val(1);
  sub->add_option("--out", *out, "Folder for answer.json and answer.png (default: DIR/fish)")->type_name("DIR");
  sub->add_flag("--json", *json, "Print the report as JSON");
  return [=] {
    if (target->empty() && demand_file->empty()) throw FlagError("command line: give --target X,Y or --demand FILE");
    const RunDirectory run = RunDirectory::open(*dir);
    const auto experiment = load_pond(run);
    const DescriptorBox box = experiment->descriptor_box();
    std::optional<Demand> demand;
    if (!demand_file->empty()) {
      demand = demand_from_json(read_json_document(*demand_file), *demand_file);
    } else {
      double t = *tolerance;
      if (std::isnan(t)) {
        double range = 0.0;
        for (std::size_t i = 0; i < box.lower.size(); ++i) range = std::max(range, box.upper[i] - box.lower[i]);
        t = run.config().task == "maze" ? 5.0 : range / 100.0;
      }
      try {
        demand = Demand::near(parse_point(*target, "--target"), t);
      } catch (const FlagError&) {
        throw;
      } catch (const Error& e) {
        throw FlagError(std::string("command line: ") + e.what());
      }
    }
    const auto evaluator = make_evaluator(*threads);
    const FishReport report = experiment->fish(*demand, *options, *evaluator);
    const std::filesystem::path folder = out->empty() ? run.file("fish") : std::filesystem::path(*out);
    std::filesystem::create_directories(folder);
    nlohmann::json stones = nlohmann::json::array();
    for (const auto& s : report.stones) stones.push_back(record_json(s));
    const nlohmann::json document = {{"format", "pond-fish"}, {"version", 1}, {"run", run.path().string()},
                                     {"demand", report.demand}, {"met", report.met}, {"from_stone", report.from_stone},
                                     {"evaluations", report.evaluations}, {"seconds", report.seconds},
                                     {"answer", record_json(report.answer)}, {"stones", stones}};
    write_file_atomic(folder / "answer.json", document.dump(2) + "\n");
    std::vector<std::string> written{(folder / "answer.json").string()};
    if (is_neat_task(run.config().task)) {  // the genome alone, loadable wherever a genome is
      write_file_atomic(folder / "genome.json", report.answer.solution.dump(2) + "\n");
      written.push_back((folder / "genome.json").string());
    }
    try {
      write_file_atomic(folder / "answer.png", experiment->fish_png(*demand, report));
      written.push_back((folder / "answer.png").string());
    } catch (const Error&) {
      // Descriptors that are not 2-D have no picture.
    }
    if (*json) {
      std::cout << document.dump(2) << '\n';
      return exit_ok;
    }
    std::cout << fmt::format("demand: {}\n", report.demand);
    std::cout << fmt::format("{:>4}  {:>10}  {:>12}  {:>12}  {}\n", "rank", "id", "score", "objective", "descriptor");
    for (std::size_t i = 0; i < report.stones.size(); ++i) {
      const auto& s = report.stones[i];
      std::cout << fmt::format("{:>4}  {:>10}  {:>12.6g}  {:>12.6g}  {}\n", i + 1, s.id, s.score, s.objective, point(s.descriptor));
    }
    if (report.from_stone) {
      std::cout << fmt::format("answer: stone {} as it is, score {:.6g}, descriptor {}: {}\n", report.answer.id,
                               report.answer.score, point(report.answer.descriptor), report.met ? "served" : "not served");
      if (!report.met && options->refine > 0) std::cout << fmt::format("the refinement ({} evaluations) found nothing better\n", report.evaluations);
    } else {
      std::cout << fmt::format("answer: refined in {} evaluations, score {:.6g}, descriptor {}: {}\n", report.evaluations,
                               report.answer.score, point(report.answer.descriptor), report.met ? "served" : "not served");
    }
    for (const auto& f : written) std::cout << "wrote " << f << '\n';
    return exit_ok;
  };
}

}  // namespace pond::cli
